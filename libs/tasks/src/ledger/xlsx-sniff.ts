import { LedgerError, LedgerErrorCode } from './ledger';

/** Limits on what a workbook may unpack to before it is opened (a zip bomb is refused unopened). */
export interface XlsxLimits {
  /** Sum of the declared uncompressed sizes (default 40 MB). */
  maxUnpackedBytes?: number;
  /** Entries in the archive (default 500). */
  maxEntries?: number;
}

const notXlsx = () =>
  new LedgerError(
    LedgerErrorCode.NOT_XLSX,
    'This is not an Excel workbook (.xlsx)',
    '文件不是Excel工作簿（.xlsx），请使用台账模板',
  );

/**
 * Checks that the bytes are an Office Open XML workbook, from the zip's central directory alone:
 * a zip (PK), holding [Content_Types].xml and xl/workbook.xml, within the entry and size limits.
 * A legacy .xls (OLE compound file) is named as such.
 */
export function sniffXlsx(bytes: Uint8Array, limits: XlsxLimits = {}): { entries: number; unpackedBytes: number } {
  const maxUnpacked = limits.maxUnpackedBytes ?? 40 * 1024 * 1024;
  const maxEntries = limits.maxEntries ?? 500;
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw new LedgerError(
      LedgerErrorCode.LEGACY_XLS,
      'This is an old Excel 97–2003 file (.xls); save it as .xlsx first',
      '这是旧版Excel文件（.xls），请另存为.xlsx后再导入',
    );
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04)
    throw notXlsx();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (after an optional comment).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw notXlsx();
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw notXlsx(); // zip64: no workbook we accept needs it
  if (count > maxEntries)
    throw new LedgerError(
      LedgerErrorCode.TOO_LARGE,
      `The workbook holds ${count} parts; at most ${maxEntries} are accepted`,
      `工作簿包含${count}个部件，超过上限${maxEntries}个`,
    );
  const decoder = new TextDecoder();
  const names = new Set<string>();
  let unpacked = 0;
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw notXlsx();
    unpacked += view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) throw notXlsx();
    names.add(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extra + comment;
  }
  if (unpacked > maxUnpacked)
    throw new LedgerError(
      LedgerErrorCode.TOO_LARGE,
      `The workbook unpacks to ${unpacked} bytes; at most ${maxUnpacked} are accepted`,
      `工作簿解压后为${unpacked}字节，超过上限${maxUnpacked}字节`,
    );
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw notXlsx();
  return { entries: count, unpackedBytes: unpacked };
}
