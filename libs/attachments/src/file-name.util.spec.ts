import { contentDisposition, MAX_FILE_NAME_LENGTH, sanitizeFileName } from './file-name.util';

describe('sanitizeFileName', () => {
  it('keeps only the last part of a path, of either slash', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\张三\\整改报告.pdf')).toBe('整改报告.pdf');
    expect(sanitizeFileName('..')).toBe('附件');
  });

  it('drops control and direction-changing characters and replaces reserved ones', () => {
    expect(sanitizeFileName('报告\u0000\r\n.pdf')).toBe('报告.pdf');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a<b>:"c"|?*.txt')).toBe('a_b___c____.txt');
    expect(sanitizeFileName('  .hidden.txt  ')).toBe('hidden.txt');
  });

  it('shortens a long name and keeps its extension', () => {
    const name = sanitizeFileName(`${'很'.repeat(500)}.docx`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('offers an ASCII fallback and the UTF-8 name as filename*', () => {
    expect(contentDisposition('整改 报告(1).pdf')).toBe(
      `attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A%281%29.pdf`,
    );
    expect(contentDisposition('a;b%.txt')).toBe(`attachment; filename="a_b_.txt"; filename*=UTF-8''a%3Bb%25.txt`);
  });
});
