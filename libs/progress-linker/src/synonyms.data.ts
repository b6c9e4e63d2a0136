/**
 * The genre's interchangeable words, as data: a follow-up report says 示范创建工作 where the plan
 * said 示范创建活动, 推动 where it said 推进. Each variant is rewritten to its canonical form before
 * words are compared (never in the text shown). Every pair has the same length, so offsets into
 * the rewritten text are offsets into the original (highlighting stays exact). Kept short and
 * tested: a pair belongs here only if the two words mean the same in these reports.
 */
export const SYNONYMS: ReadonlyArray<readonly [variant: string, canonical: string]> = [
  ['活动', '工作'],
  ['推动', '推进'],
  ['促进', '推进'],
  ['建成', '建立'],
  ['健全', '完善'],
  ['强化', '加强'],
  ['加大', '加强'],
  ['提高', '提升'],
  ['督查', '督察'],
  ['组织', '开展'],
  ['举办', '开展'],
  ['印发', '出台'],
  ['制定', '出台'],
];
