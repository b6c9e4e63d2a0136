export { foldText, hasTraditionalCharacters } from './fold.util';
export { parseChineseNumber, parseCircledNumber } from './chinese-numerals.util';
export { splitParagraphs, type Paragraph } from './paragraphs.util';
export { splitSpans, type Span } from './clauses.util';
