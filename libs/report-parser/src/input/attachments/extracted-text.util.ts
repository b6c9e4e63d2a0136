/**
 * Text from a document reader, made into the parser's kind of text: newlines only (form feeds,
 * vertical tabs and Word's cell marks become line or tab breaks), no other control characters,
 * no trailing spaces, no empty lines.
 */
export function tidyExtractedText(raw: string): string {
  return raw
    .replace(/\r\n?|[\f\v\u2028\u2029\u0085]/g, '\n')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0\u3000]+$/, ''))
    .filter((line) => /\S/.test(line))
    .join('\n');
}
