import iconv from 'iconv-lite';
import { loadFixtures, projectResult } from '../test/fixtures.helper';
import { parseReportFile } from './report-file-parser';
import { parseReport, parseReportOrThrow } from './report-parser';
import { ReportParseError, ReportParseErrorCode } from './report-parse.error';

describe(parseReport.name, () => {
  describe('ok fixtures', () => {
    it.each(loadFixtures('ok').map((c) => [c.name, c] as const))('parses %s exactly as expected', (_name, fixture) => {
      expect(projectResult(parseReport(fixture.input))).toEqual(fixture.expected);
    });
  });

  describe('not-ok fixtures', () => {
    // Through parseReportFile, the entry the API and CLI use: a PDF's refusal comes from reading it.
    it.each(loadFixtures('not-ok').map((c) => [c.name, c] as const))(
      'rejects %s with its code',
      async (_name, fixture) => {
        expect(projectResult(await parseReportFile(fixture.input))).toEqual(fixture.expected);
      },
    );
  });

  describe('input forms', () => {
    const report = loadFixtures('ok')
      .find((c) => c.name === 'owners-deadlines-targets')!
      .input.toString('utf8');
    const expected = projectResult(parseReport(report));

    it('reads a string, UTF-8 bytes with a BOM, GBK bytes and UTF-16BE bytes alike', () => {
      const forms = [
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(report, 'utf8')]),
        iconv.encode(report, 'gbk'),
        Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(report, 'utf-16be')]),
      ];
      for (const bytes of forms) {
        const { report: meta, ...rest } = projectResult(parseReport(bytes)) as { report: Record<string, unknown> };
        const { report: want, ...wantRest } = expected as { report: Record<string, unknown> };
        expect(rest).toEqual(wantRest);
        expect({ ...meta, encoding: null }).toEqual({ ...want, encoding: null });
      }
    });

    it('reports the encoding it decoded', () => {
      expect(parseReport(iconv.encode(report, 'gbk'))).toMatchObject({ ok: true, report: { encoding: 'gb18030' } });
      expect(parseReport(report)).toMatchObject({ ok: true, report: { encoding: 'string' } });
    });

    it('reads full-width digits and punctuation the same as half-width ones', () => {
      const fullWidth = report.replace(/[0-9%():;,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      const result = parseReport(fullWidth);
      expect(result.ok && result.items[0].targets.map((t) => [t.op, t.value, t.unit])).toEqual([
        ['<=', 10, '%'],
        ['>=', 650, '件'],
      ]);
      expect(result.ok && result.items[1].dueDate).toBe('2025-06-30');
    });

    it('lets the uploader override every metadata field', () => {
      const result = parseReport(report, {
        overrides: { bureau: '西湖区司法局', reportYear: 2030, publishDate: '2031-01-02' },
      });
      expect(result).toMatchObject({
        ok: true,
        report: { bureau: '西湖区司法局', reportYear: 2030, planYear: 2025, publishDate: '2031-01-02' },
      });
    });

    it('rejects input over the size limit with TOO_LARGE and keeps nothing else', () => {
      expect(parseReport(report, { maxBytes: 100 })).toMatchObject({
        ok: false,
        error: { code: 'TOO_LARGE' },
        report: {},
      });
    });

    it('returns the metadata it found even when it rejects the input', () => {
      const result = parseReport('关于2025年度工作的通知\n各单位：\n请按要求报送法治建设材料。');
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_REPORT' }, report: { encoding: 'string' } });
    });

    it('keeps offsets that slice back to every item body and action', () => {
      const result = parseReport(report);
      if (!result.ok) throw new Error('expected ok');
      const walk = (items: typeof result.items) => {
        for (const item of items) {
          expect(result.text.slice(item.start, item.end)).toBe(item.body);
          expect(item.body.startsWith(item.title)).toBe(true);
          for (const a of item.actions) expect(result.text.slice(a.start, a.end)).toBe(a.text);
          walk(item.children);
        }
      };
      walk(result.items);
    });
  });
});

describe(parseReportOrThrow.name, () => {
  it('throws a coded ReportParseError for a refused input', () => {
    expect(() => parseReportOrThrow('')).toThrow(ReportParseError);
    try {
      parseReportOrThrow(Buffer.from('%PDF-1.4 binary'));
    } catch (err) {
      expect(err).toMatchObject({
        code: ReportParseErrorCode.BINARY_INPUT,
        messageZh: expect.stringContaining('二进制'),
      });
    }
  });
});
