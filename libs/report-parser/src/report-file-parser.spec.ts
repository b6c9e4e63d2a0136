import { writeDoc } from '../test/documents/doc-file.helper';
import { writeDocx, writeZip } from '../test/documents/docx-file.helper';
import { reportPdfPages, writePdf } from '../test/documents/pdf-file.helper';
import { SAMPLE_REPORT_PARAGRAPHS, SAMPLE_REPORT_TEXT } from '../test/documents/sample-report.constants';
import { projectResult } from '../test/fixtures.helper';
import type { PlanItem } from './parser.types';
import { parseReportFile } from './report-file-parser';
import { parseReport } from './report-parser';

const samplePdf = () =>
  writePdf(
    reportPdfPages(SAMPLE_REPORT_PARAGRAPHS, {
      header: '青羊区司法局2024年法治政府建设年度报告',
      footer: (n) => `— ${n} —`,
      linesPerPage: 17,
    }),
  );

describe(parseReportFile.name, () => {
  const fromText = projectResult(parseReport(SAMPLE_REPORT_TEXT)) as { report: Record<string, unknown> };

  it.each([
    ['docx', () => writeDocx(SAMPLE_REPORT_PARAGRAPHS)],
    ['doc', () => Promise.resolve(writeDoc(SAMPLE_REPORT_PARAGRAPHS))],
    ['pdf', () => Promise.resolve(samplePdf())],
  ] as const)('parses a %s file as it parses the same report as text, and names the format', async (format, file) => {
    const result = await parseReportFile(await file());
    expect(result).toMatchObject({ ok: true, report: { encoding: format }, text: SAMPLE_REPORT_TEXT });
    expect(projectResult(result)).toEqual({ ...fromText, report: { ...fromText.report, encoding: format } });
  });

  it('keeps offsets that slice the stored text back to every item and action', async () => {
    const result = await parseReportFile(samplePdf());
    if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
    expect(result.items.length).toBeGreaterThan(0);
    const walk = (items: PlanItem[]) => {
      for (const item of items) {
        expect(result.text.slice(item.start, item.end)).toBe(item.body);
        for (const a of item.actions) expect(result.text.slice(a.start, a.end)).toBe(a.text);
        walk(item.children);
      }
    };
    walk(result.items);
  });

  it('applies overrides and reports a .wps file as wps', async () => {
    const result = await parseReportFile(writeDoc(SAMPLE_REPORT_PARAGRAPHS), {
      fileName: '2024年度报告.wps',
      overrides: { reportYear: 2030 },
    });
    expect(result).toMatchObject({ ok: true, report: { encoding: 'wps', reportYear: 2030 } });
  });

  it('refuses a file over the size limit before reading it (TOO_LARGE)', async () => {
    const docx = await writeDocx(SAMPLE_REPORT_PARAGRAPHS);
    await expect(parseReportFile(docx, { maxBytes: docx.length - 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'TOO_LARGE' },
      report: {},
    });
  });

  it.each([
    ['a scanned PDF', 'NO_TEXT_LAYER', () => writePdf([{ lines: [], scannedImage: true }])],
    [
      'a cut-short .docx',
      'UNREADABLE_DOCUMENT',
      () => writeDocx(SAMPLE_REPORT_PARAGRAPHS).then((b) => b.subarray(0, 900)),
    ],
    ['a password-protected PDF', 'UNREADABLE_DOCUMENT', () => writePdf([{ lines: [] }], { passwordProtected: true })],
    ['a spreadsheet (.xlsx)', 'BINARY_INPUT', () => writeZip({ 'xl/workbook.xml': '<workbook/>' })],
  ])('answers %s with ok: false and %s, never a throw', async (_name, code, file) => {
    const result = await parseReportFile(await file());
    expect(result).toMatchObject({
      ok: false,
      error: { code, message: expect.any(String), messageZh: expect.any(String) },
    });
  });

  it('answers a Word document that is not a report as NOT_A_REPORT, with the format it read', async () => {
    await expect(
      parseReportFile(await writeDocx(['关于做好2025年度工作的通知', '各单位：请按要求报送材料。'])),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_A_REPORT' },
      report: { encoding: 'docx' },
    });
  });

  it('reads text and HTML exactly as parseReport does, an .html file name meaning HTML', async () => {
    const bytes = Buffer.from(SAMPLE_REPORT_TEXT, 'utf8');
    await expect(parseReportFile(bytes)).resolves.toEqual(parseReport(bytes));
    await expect(parseReportFile(SAMPLE_REPORT_TEXT)).resolves.toEqual(parseReport(SAMPLE_REPORT_TEXT));
    const section = SAMPLE_REPORT_PARAGRAPHS.map((p) => `<section>${p}</section>`).join('');
    await expect(parseReportFile(Buffer.from(section), { fileName: 'report.HTM' })).resolves.toEqual(
      parseReport(Buffer.from(section), { html: true }),
    );
  });
});
