import * as iconv from 'iconv-lite';
import { writeDoc, writeOtherOleFile } from '../../report-parser/test/documents/doc-file.helper';
import { writeDocx, writeZip } from '../../report-parser/test/documents/docx-file.helper';
import { AttachmentErrorCode } from './attachment.error';
import { checkAttachment, sniffAttachment, zipEntryNames } from './attachment-type.util';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const MB = 1024 * 1024;

describe('sniffAttachment', () => {
  it('tells PDF, PNG and JPEG by their signatures', () => {
    expect(sniffAttachment(PDF)).toEqual({ kind: 'pdf', contentType: 'application/pdf' });
    expect(sniffAttachment(PNG)).toEqual({ kind: 'png', contentType: 'image/png' });
    expect(sniffAttachment(JPEG)).toEqual({ kind: 'jpeg', contentType: 'image/jpeg' });
  });

  it('tells Word and Excel 97 files apart by their streams', () => {
    expect(sniffAttachment(writeDoc(['第一段']))?.kind).toBe('doc');
    expect(sniffAttachment(writeOtherOleFile())?.kind).toBe('xls');
  });

  it('tells Office Open XML and OFD packages by their parts, and refuses any other ZIP', async () => {
    expect(sniffAttachment(await writeDocx(['第一段']))?.kind).toBe('docx');
    expect(sniffAttachment(writeZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<w/>' }))?.kind).toBe(
      'xlsx',
    );
    expect(sniffAttachment(writeZip({ 'OFD.xml': '<ofd:OFD/>', 'Doc_0/Document.xml': '<d/>' }))?.kind).toBe('ofd');
    expect(sniffAttachment(writeZip({ 'run.exe': 'MZ', 'readme.txt': 'hi' }))).toBeNull();
  });

  it('reads UTF-8 and GB18030 text as plain text with its charset', () => {
    expect(sniffAttachment(Buffer.from('整改台账\n第一项：已完成\n'))).toEqual({
      kind: 'text',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(sniffAttachment(iconv.encode('整改台账\n第一项：已完成\n', 'gb18030'))?.contentType).toBe(
      'text/plain; charset=gb18030',
    );
  });

  it('refuses executables, HTML, SVG and binary junk', () => {
    expect(sniffAttachment(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    expect(sniffAttachment(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'))).toBeNull();
    expect(sniffAttachment(Buffer.from('\ufeff  <svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'))).toBeNull();
    expect(sniffAttachment(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))).toBeNull();
    expect(sniffAttachment(Buffer.alloc(0))).toBeNull();
  });
});

describe('zipEntryNames', () => {
  it('lists the central directory, and answers null for a cut-short archive', () => {
    const zip = writeZip({ 'a.txt': 'a', 'b/c.txt': 'c' });
    expect(zipEntryNames(zip)).toEqual(['a.txt', 'b/c.txt']);
    expect(zipEntryNames(zip.subarray(0, zip.length - 30))).toBeNull();
  });
});

describe('checkAttachment', () => {
  it('keeps a file named like what it is, whatever the case of its extension', () => {
    expect(checkAttachment(PDF, '整改报告.PDF', MB)).toMatchObject({ kind: 'pdf', fileName: '整改报告.PDF' });
    expect(checkAttachment(writeDoc(['x']), '督办件.wps', MB)).toMatchObject({ kind: 'doc' });
  });

  it('gives a name without an extension the kind’s own', () => {
    expect(checkAttachment(PNG, '现场照片', MB).fileName).toBe('现场照片.png');
  });

  it('refuses an empty file, a too-large one, a forbidden kind and a renamed one, each with its code', () => {
    const refusal = (bytes: Buffer, name: string, max = MB) => {
      try {
        checkAttachment(bytes, name, max);
        return null;
      } catch (err) {
        return err as { code: string; messageZh: string };
      }
    };
    expect(refusal(Buffer.alloc(0), 'a.txt')?.code).toBe(AttachmentErrorCode.EMPTY_FILE);
    expect(refusal(PDF, 'a.pdf', 10)?.code).toBe(AttachmentErrorCode.TOO_LARGE);
    expect(refusal(Buffer.from('MZ\x90\x00\x03', 'latin1'), 'setup.pdf')?.code).toBe(
      AttachmentErrorCode.UNSUPPORTED_TYPE,
    );
    const renamed = refusal(PNG, '报告.pdf');
    expect(renamed?.code).toBe(AttachmentErrorCode.TYPE_MISMATCH);
    expect(renamed?.messageZh).toContain('.pdf');
    expect(refusal(Buffer.from('hello'), 'page.html')?.code).toBe(AttachmentErrorCode.TYPE_MISMATCH);
  });
});
