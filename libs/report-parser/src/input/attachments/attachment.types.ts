/** The document formats whose text the parser extracts before reading it as a report. */
export type AttachmentFormat = 'docx' | 'doc' | 'wps' | 'pdf';

export interface AttachmentText {
  /** Paragraphs separated by newlines: the text the parser reads and every offset points into. */
  text: string;
  format: AttachmentFormat;
}

export interface AttachmentHints {
  /** The uploaded file's name: a Word 97 binary named .wps is reported as `wps` (WPS Office writes the same format). */
  fileName?: string;
}
