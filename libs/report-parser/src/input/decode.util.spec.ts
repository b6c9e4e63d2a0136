import iconv from 'iconv-lite';
import { ReportParseError } from '../report-parse.error';
import { decodeBytes } from './decode.util';

describe(decodeBytes.name, () => {
  const text = '法治政府建设年度报告：下一年度工作安排';

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    ['GBK', iconv.encode(text, 'gbk'), 'gb18030'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'utf-16be'],
    ['UTF-16LE without BOM', iconv.encode(`2024 report ${text} 2025`, 'utf-16le'), 'utf-16le'],
  ])('decodes %s', (_name, bytes, encoding) => {
    const decoded = decodeBytes(bytes);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toContain(text);
  });

  it('tells Big5 from GBK by which reading gives the genre’s words, though both decode without errors', () => {
    const traditional = '東城區司法局2023年度法治政府建設情況報告。全面推進依法行政，規範執法。';
    const big5 = decodeBytes(iconv.encode(traditional, 'big5'));
    expect(big5).toEqual({ text: traditional, encoding: 'big5' });
    const simplified = '东城区司法局2023年度法治政府建设情况报告。全面推进依法行政，规范执法。';
    expect(decodeBytes(iconv.encode(simplified, 'gbk'))).toEqual({ text: simplified, encoding: 'gb18030' });
    // Traditional characters written in GBK stay GBK.
    expect(decodeBytes(iconv.encode(traditional, 'gbk')).encoding).toBe('gb18030');
  });

  it('honours a <meta charset> that names GBK even when the bytes would pass as UTF-8', () => {
    const html = '<html><head><meta charset="gbk"></head><body>abc</body></html>';
    expect(decodeBytes(Buffer.from(html, 'latin1')).encoding).toBe('gb18030');
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n')],
    ['DOCX', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])],
  ])('refuses a %s file as BINARY_INPUT', (_name, bytes) => {
    expect(() => decodeBytes(bytes)).toThrow(ReportParseError);
  });
});
