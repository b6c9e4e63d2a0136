export { foldText, hasTraditionalCharacters } from './fold.util';
export { parseChineseNumber, parseCircledNumber } from './chinese-numerals.util';
export { splitParagraphs, type Paragraph } from './paragraphs.util';
export { splitSpans, type Span } from './clauses.util';
export type { Target, TargetBound, TargetOp, TargetResult } from './target.types';
export { VERDICTS, type Verdict } from './verdict.types';
export {
  bureauClearlyDiffers,
  relateBureaus,
  placeOfBureau,
  placeTokens,
  type BureauLineage,
  type BureauNames,
  type BureauRelation,
} from './bureau-names.util';
