/** Longest file name kept, in characters (the extension is kept when a name is shortened). */
export const MAX_FILE_NAME_LENGTH = 200;

// C0/C1 controls, DEL, and the invisible characters that reorder or hide text (RLO makes "exe.pdf" read "fdp.exe").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Characters Windows refuses in names, and quotes that would end a header parameter.
const RESERVED = /[<>:"|?*]/g;

/**
 * A file name as a person gave it, made safe to store and to offer for download: the last part of
 * any path (both slash kinds), no control or direction-changing characters, no reserved
 * characters, no leading dots (hidden files, `..`), at most {@link MAX_FILE_NAME_LENGTH} characters.
 * Never empty: `附件` when nothing is left.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.replace(INVISIBLE, '').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if ([...name].length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = [...name].slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('') + extension;
  }
  return name || '附件';
}

/**
 * A Content-Disposition header that makes the browser save the file, never show it: an ASCII
 * fallback name and the real one as RFC 5987 `filename*` (UTF-8, percent-encoded).
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
