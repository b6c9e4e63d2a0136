/**
 * Replaces the contents of 《…》 (document names such as 《三年行动计划(2023-2025年)》) with
 * spaces, so dates and numbers inside titles are not read as deadlines or targets. Same length.
 */
export function maskDocumentNames(norm: string): string {
  if (!norm.includes('《')) return norm;
  return norm.replace(/《[^》\n]{0,80}》/g, (m) => `《${' '.repeat(m.length - 2)}》`);
}
