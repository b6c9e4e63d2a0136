import ExcelJS from 'exceljs';
import { LedgerErrorCode, ledgerDate, parseLedger, splitUnits, type LedgerCell } from './ledger';
import { sniffXlsx } from './xlsx-sniff';

const HEADER: LedgerCell[] = ['序号', '事项', '牵头单位', '配合单位', '完成时限', '目标'];

describe('parseLedger', () => {
  it('reads each row under a header found below a title line, skipping empty rows', () => {
    const rows = parseLedger([
      ['2026年督办台账'],
      HEADER,
      [1, '规范涉企执法检查', '区司法局', '区财政局、各镇街', '2026年9月底', '检查企业不少于80家'],
      [null, null, null, null, null, null],
      [2, '  建立法律援助绿色通道 ', '区司法局', '', new Date(Date.UTC(2026, 11, 31)), ''],
    ]);
    expect(rows).toEqual([
      {
        row: 3,
        title: '规范涉企执法检查',
        body: '',
        owner: '区司法局',
        coOwners: ['区财政局', '各镇街'],
        dueDate: '2026-09-30',
        target: '检查企业不少于80家',
        problems: [],
      },
      expect.objectContaining({ row: 5, title: '建立法律援助绿色通道', dueDate: '2026-12-31', coOwners: [] }),
    ]);
  });

  it('reports a missing title, a bad date, a missing or unknown lead unit and a formula, row by row', () => {
    const rows = parseLedger(
      [
        ['工作任务', '责任单位', '完成时间'],
        ['', '区司法局', '2026-06-30'],
        ['事项二', '区司法局', '2026-02-30'],
        ['事项三', '', '下月'],
        ['事项四', '区水务局', '2026-06-30'],
        ['事项五', '区司法局', { opaque: 'formula' }],
      ],
      { resolveLead: (unit) => (unit === '区司法局' ? 'relative' : 'unknown') },
    );
    expect(rows.map((r) => [r.row, r.problems.map((p) => p.code)])).toEqual([
      [2, ['MISSING_TITLE']],
      [3, ['BAD_DATE']],
      [4, ['BAD_DATE', 'MISSING_LEAD']],
      [5, ['UNKNOWN_LEAD']],
      [6, ['FORMULA']],
    ]);
    expect(rows[3].problems[0].messageZh).toBe('牵头单位“区水务局”不是已知单位');
  });

  it('refuses a sheet without a header, without rows, or with too many rows', () => {
    expect(() => parseLedger([['姓名', '电话']])).toThrow(expect.objectContaining({ code: LedgerErrorCode.NO_HEADER }));
    expect(() => parseLedger([HEADER, []])).toThrow(expect.objectContaining({ code: LedgerErrorCode.EMPTY }));
    const many = Array.from({ length: 4 }, (_, i) => [i, `事项${i}`, '区司法局', '', '', '']);
    expect(() => parseLedger([HEADER, ...many], { maxRows: 3 })).toThrow(
      expect.objectContaining({ code: LedgerErrorCode.TOO_MANY_ROWS }),
    );
  });
});

describe('ledgerDate', () => {
  it.each([
    ['2026-06-30', '2026-06-30'],
    ['2026/6/3', '2026-06-03'],
    ['2026.12.1', '2026-12-01'],
    ['20260630', '2026-06-30'],
    ['２０２６年６月３０日前', '2026-06-30'],
    ['2026年2月底', '2026-02-28'],
    ['2026年底前', '2026-12-31'],
    ['2026年上半年', '2026-06-30'],
    ['长期', null],
    ['', null],
    ['2026-13-01', undefined],
    ['尽快', undefined],
    [true, undefined],
  ])('reads %p as %p', (input, expected) => {
    expect(ledgerDate(input as LedgerCell)).toBe(expected);
  });
});

describe('splitUnits', () => {
  it('splits on the separators ledgers use and drops repeats', () => {
    expect(splitUnits('区财政局、区民政局，区财政局;各镇街')).toEqual(['区财政局', '区民政局', '各镇街']);
  });
});

describe('sniffXlsx', () => {
  it('accepts a workbook and refuses other files', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('台账').addRow(['事项']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(sniffXlsx(bytes).entries).toBeGreaterThan(2);
    expect(() => sniffXlsx(new TextEncoder().encode('事项,牵头单位\n'))).toThrow(
      expect.objectContaining({ code: LedgerErrorCode.NOT_XLSX }),
    );
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => sniffXlsx(ole)).toThrow(expect.objectContaining({ code: LedgerErrorCode.LEGACY_XLS }));
    expect(() => sniffXlsx(bytes, { maxUnpackedBytes: 100 })).toThrow(
      expect.objectContaining({ code: LedgerErrorCode.TOO_LARGE }),
    );
    // A zip that is not a workbook.
    const truncated = bytes.slice(0, 200);
    expect(() => sniffXlsx(truncated)).toThrow(expect.objectContaining({ code: LedgerErrorCode.NOT_XLSX }));
  });
});
