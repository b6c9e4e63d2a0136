import iconv from 'iconv-lite';
import { writeDoc, writeEncryptedOfficeFile, writeOtherOleFile } from '../../../test/documents/doc-file.helper';
import { writeDocx, writeZip } from '../../../test/documents/docx-file.helper';
import { reportPdfPages, writePdf, type PdfPageSpec } from '../../../test/documents/pdf-file.helper';
import { SAMPLE_REPORT_PARAGRAPHS, SAMPLE_REPORT_TEXT } from '../../../test/documents/sample-report.constants';
import { ReportParseErrorCode } from '../../report-parse.error';
import { readAttachment } from './read-attachment.util';

const HEADER = '青羊区司法局2024年法治政府建设年度报告';

/** The sample report on two pages, its fourth paragraph running over the page break. */
function samplePdfPages(footer: (page: number) => string): PdfPageSpec[] {
  return reportPdfPages(SAMPLE_REPORT_PARAGRAPHS, { header: HEADER, footer, linesPerPage: 17 });
}

describe(readAttachment.name, () => {
  describe('.docx', () => {
    it('reads the body one paragraph a line, without the running header and footer', async () => {
      await expect(readAttachment(await writeDocx(SAMPLE_REPORT_PARAGRAPHS))).resolves.toEqual({
        text: SAMPLE_REPORT_TEXT,
        format: 'docx',
      });
    });

    it('refuses a cut-short file as UNREADABLE_DOCUMENT', async () => {
      const docx = await writeDocx(SAMPLE_REPORT_PARAGRAPHS);
      await expect(readAttachment(docx.subarray(0, Math.floor(docx.length * 0.8)))).rejects.toMatchObject({
        code: ReportParseErrorCode.UNREADABLE_DOCUMENT,
        message: expect.stringContaining('damaged or incomplete'),
        messageZh: expect.stringContaining('已损坏或不完整'),
      });
    });

    it('refuses a password-protected Office file (an encrypted package) as UNREADABLE_DOCUMENT', async () => {
      await expect(readAttachment(writeEncryptedOfficeFile())).rejects.toMatchObject({
        code: ReportParseErrorCode.UNREADABLE_DOCUMENT,
        message: expect.stringContaining('password-protected'),
        messageZh: expect.stringContaining('密码'),
      });
    });
  });

  describe('.doc and .wps (Word 97-2003)', () => {
    it('reads the text of a Word 97 binary document', async () => {
      await expect(readAttachment(writeDoc(SAMPLE_REPORT_PARAGRAPHS))).resolves.toEqual({
        text: SAMPLE_REPORT_TEXT,
        format: 'doc',
      });
    });

    it('reports the same format as wps when the file is named .wps (WPS Office writes it)', async () => {
      await expect(
        readAttachment(writeDoc(SAMPLE_REPORT_PARAGRAPHS), { fileName: '青羊区2024年度报告.WPS' }),
      ).resolves.toMatchObject({ format: 'wps', text: SAMPLE_REPORT_TEXT });
    });

    it('refuses a password-protected document as UNREADABLE_DOCUMENT', async () => {
      await expect(readAttachment(writeDoc(SAMPLE_REPORT_PARAGRAPHS, { encrypted: true }))).rejects.toMatchObject({
        code: ReportParseErrorCode.UNREADABLE_DOCUMENT,
        messageZh: expect.stringContaining('密码'),
      });
    });

    it('refuses a damaged compound file as UNREADABLE_DOCUMENT', async () => {
      const doc = writeDoc(SAMPLE_REPORT_PARAGRAPHS);
      await expect(readAttachment(doc.subarray(0, 600))).rejects.toMatchObject({
        code: ReportParseErrorCode.UNREADABLE_DOCUMENT,
      });
    });
  });

  describe('.pdf', () => {
    it('reads the text layer in reading order, without the running header and page numbers', async () => {
      const pages = samplePdfPages((n) => `— ${n} —`);
      // The premise: page 2 opens with the rest of a paragraph (not indented), and the footer comes first in each page's content.
      expect(pages).toHaveLength(2);
      expect(pages[1].lines[2]).toMatchObject({ x: 72 });
      expect(pages[0].lines[0].text).toBe('— 1 —');
      await expect(readAttachment(writePdf(pages))).resolves.toEqual({ text: SAMPLE_REPORT_TEXT, format: 'pdf' });
    });

    it.each(['第1页', '1/2', '-1-', '第 1 页 共 2 页'])('drops page numbers printed like %s', async (first) => {
      const footer = (n: number) => first.replace('1', String(n));
      await expect(readAttachment(writePdf(samplePdfPages(footer)))).resolves.toMatchObject({
        text: SAMPLE_REPORT_TEXT,
      });
    });

    it('refuses a PDF of scanned pages (pictures, no text) as NO_TEXT_LAYER', async () => {
      const scan = writePdf([
        { lines: [], scannedImage: true },
        { lines: [], scannedImage: true },
      ]);
      await expect(readAttachment(scan)).rejects.toMatchObject({
        code: ReportParseErrorCode.NO_TEXT_LAYER,
        message: expect.stringContaining('no text layer'),
        messageZh: '该PDF没有文字层（可能是扫描件），请上传含文字的PDF、Word或网页版本',
      });
    });

    it('takes a scan with a scanner app’s small watermark for a scan too', async () => {
      const page = { lines: [{ text: '扫描全能王 创建', x: 480, y: 20, size: 8 }], scannedImage: true };
      await expect(readAttachment(writePdf([page, page, page]))).rejects.toMatchObject({
        code: ReportParseErrorCode.NO_TEXT_LAYER,
      });
    });

    it('refuses a password-protected PDF as UNREADABLE_DOCUMENT', async () => {
      await expect(readAttachment(writePdf(samplePdfPages(String), { passwordProtected: true }))).rejects.toMatchObject(
        {
          code: ReportParseErrorCode.UNREADABLE_DOCUMENT,
          message: expect.stringContaining('password-protected'),
          messageZh: expect.stringContaining('密码'),
        },
      );
    });

    it('refuses a damaged PDF as UNREADABLE_DOCUMENT', async () => {
      const pdf = writePdf(samplePdfPages(String));
      await expect(readAttachment(pdf.subarray(0, 200))).rejects.toMatchObject({
        code: ReportParseErrorCode.UNREADABLE_DOCUMENT,
        messageZh: expect.stringContaining('PDF'),
      });
    });
  });

  describe('other files', () => {
    it.each([
      ['UTF-8 text', Buffer.from(SAMPLE_REPORT_TEXT, 'utf8')],
      ['GBK text', iconv.encode(SAMPLE_REPORT_TEXT, 'gbk')],
      ['HTML', Buffer.from(`<html><body><p>${SAMPLE_REPORT_PARAGRAPHS.join('</p><p>')}</p></body></html>`)],
      ['a spreadsheet (.xlsx)', writeZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' })],
      ['a ZIP archive', writeZip({ 'report.txt': SAMPLE_REPORT_TEXT })],
      ['a cut-short ZIP archive', writeZip({ 'report.txt': SAMPLE_REPORT_TEXT }).subarray(0, 100)],
      ['an Excel 97 workbook (.xls)', writeOtherOleFile()],
      ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ])('leaves %s to the text reader (null)', async (_name, bytes) => {
      await expect(readAttachment(bytes)).resolves.toBeNull();
    });
  });
});
