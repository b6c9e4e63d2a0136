import * as CFB from 'cfb';

export interface DocOptions {
  /** Sets the FIB's fEncrypted flag, as Word does for a password-protected document. */
  encrypted?: boolean;
}

/** Where the text starts in the WordDocument stream: after the FIB, on a 512-byte boundary as Word writes it. */
const TEXT_OFFSET = 0x600;

/**
 * A minimal Word 97-2003 binary document (.doc) for tests: an OLE compound file (written with
 * `cfb`) holding a WordDocument stream — a FIB and the text as UTF-16LE, paragraphs ended by \r —
 * and a 1Table stream with one CLX: a piece table of one piece covering the whole text. No styles,
 * character or paragraph formatting (their FIB entries are empty), which readers may skip.
 */
export function writeDoc(paragraphs: readonly string[], options: DocOptions = {}): Buffer {
  const text = `${paragraphs.join('\r')}\r`;
  const textBytes = Buffer.from(text, 'utf16le');

  const word = Buffer.alloc(TEXT_OFFSET + textBytes.length);
  word.writeUInt16LE(0xa5ec, 0x00); // wIdent
  word.writeUInt16LE(0x00c1, 0x02); // nFib: Word 97
  word.writeUInt16LE(0x0804, 0x06); // lid: zh-CN
  // fWhichTblStm (the table stream is 1Table); fEncrypted when asked.
  word.writeUInt16LE(0x0200 | (options.encrypted ? 0x0100 : 0), 0x0a);
  word.writeUInt16LE(0x00bf, 0x0c); // nFibBack
  word.writeUInt32LE(TEXT_OFFSET, 0x18); // fcMin
  word.writeUInt32LE(TEXT_OFFSET + textBytes.length, 0x1c); // fcMac
  word.writeUInt16LE(14, 0x20); // csw
  word.writeUInt16LE(22, 0x3e); // cslw
  word.writeUInt32LE(word.length, 0x40); // cbMac
  word.writeUInt32LE(text.length, 0x4c); // ccpText; every other story is empty
  word.writeUInt16LE(93, 0x98); // cbRgFcLcb (Word 97)
  textBytes.copy(word, TEXT_OFFSET);

  // CLX: one Pcdt (0x02, lcb, PlcPcd). PlcPcd: CPs [0, ccpText] then one 8-byte PCD whose fc has
  // fCompressed clear (the piece is UTF-16LE) and points at the text.
  const plcPcd = Buffer.alloc(2 * 4 + 8);
  plcPcd.writeUInt32LE(0, 0);
  plcPcd.writeUInt32LE(text.length, 4);
  plcPcd.writeUInt16LE(0, 8);
  plcPcd.writeUInt32LE(TEXT_OFFSET, 10);
  plcPcd.writeUInt16LE(0, 14);
  const clx = Buffer.concat([Buffer.from([0x02]), uint32(plcPcd.length), plcPcd]);
  const table = Buffer.concat([Buffer.alloc(16), clx]);
  word.writeUInt32LE(16, 0x1a2); // fcClx
  word.writeUInt32LE(clx.length, 0x1a6); // lcbClx

  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, 'WordDocument', word);
  CFB.utils.cfb_add(cfb, '1Table', table);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** An Office file saved with a password (Agile/Standard encryption): an OLE file of EncryptionInfo and EncryptedPackage. */
export function writeEncryptedOfficeFile(): Buffer {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, 'EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  CFB.utils.cfb_add(cfb, 'EncryptedPackage', Buffer.alloc(4096, 0x5a));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** An OLE file that is not a Word document (an Excel 97 workbook's stream name, no WordDocument). */
export function writeOtherOleFile(): Buffer {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, 'Workbook', Buffer.alloc(4096, 0x11));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}
