import { ReportParseError, ReportParseErrorCode } from '../../report-parse.error';

const FORMAT_NAMES = { docx: 'Word (.docx)', doc: 'Word (.doc)', pdf: 'PDF', office: 'Office' } as const;
const FORMAT_NAMES_ZH = { docx: 'Word（.docx）', doc: 'Word（.doc/.wps）', pdf: 'PDF', office: 'Office' } as const;

export type UnreadableKind = keyof typeof FORMAT_NAMES;

/** A damaged or cut-short document. */
export function damagedDocument(kind: UnreadableKind, detail?: string): ReportParseError {
  return new ReportParseError(
    ReportParseErrorCode.UNREADABLE_DOCUMENT,
    `This ${FORMAT_NAMES[kind]} file cannot be read: it is damaged or incomplete${detail ? ` (${detail})` : ''}; open it, save it again and upload that, or upload the text or web page version`,
    `无法读取该${FORMAT_NAMES_ZH[kind]}文件：文件已损坏或不完整，请重新保存后上传，或上传文本、网页版本`,
  );
}

/** A document that needs a password to open. */
export function passwordProtected(kind: UnreadableKind): ReportParseError {
  return new ReportParseError(
    ReportParseErrorCode.UNREADABLE_DOCUMENT,
    `This ${FORMAT_NAMES[kind]} file is password-protected; remove the password (save an unprotected copy) and upload that`,
    `该${FORMAT_NAMES_ZH[kind]}文件设有密码保护，无法读取，请取消密码（另存一份未加密的副本）后上传`,
  );
}

export function noTextLayer(): ReportParseError {
  return new ReportParseError(
    ReportParseErrorCode.NO_TEXT_LAYER,
    'This PDF has no text layer (probably a scan); upload a PDF with text, the Word file or the web page version',
    '该PDF没有文字层（可能是扫描件），请上传含文字的PDF、Word或网页版本',
  );
}
