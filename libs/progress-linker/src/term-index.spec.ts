import fc from 'fast-check';
import type { Passage } from './passages';
import { TermIndex } from './term-index';

const VOCABULARY = ['法治', '治政', '政府', '调解', '商事', '公证', '普法', '宣传', '复议', '执法', '监督', '培训'];

function passagesOf(termLists: string[][]): Passage[] {
  return termLists.map((terms, id) => ({
    id,
    paragraph: id,
    heading: '',
    start: 0,
    end: 0,
    text: '',
    norm: '',
    terms: new Set(terms),
  }));
}

/** What `search` must return, written the obvious way: each passage's shares summed in query order. */
function reference(
  index: TermIndex,
  passages: Passage[],
  query: Set<string>,
  min: number,
  bonus?: Float64Array,
  bonusIds: number[] = [],
): Array<{ id: number; coverage: number }> {
  const tokens = [...query];
  const total = tokens.reduce((sum, t) => sum + index.idf(t), 0);
  if (total === 0) return [];
  const out: Array<{ id: number; coverage: number }> = [];
  for (const p of passages) {
    let coverage = bonusIds.includes(p.id) ? Number.MIN_VALUE : 0;
    for (const t of tokens) if (index.df(t) > 0 && p.terms.has(t)) coverage += index.idf(t) / total;
    if (coverage !== 0 && coverage + (bonus ? bonus[p.id] : 0) >= min) out.push({ id: p.id, coverage });
  }
  return out;
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
const terms = fc.uniqueArray(fc.constantFrom(...VOCABULARY), { maxLength: VOCABULARY.length });

describe('TermIndex', () => {
  it('search equals the plain per-passage sum, bit for bit, whether few or most passages are touched', () => {
    fc.assert(
      fc.property(
        fc.array(terms, { minLength: 1, maxLength: 120 }),
        fc.uniqueArray(fc.constantFrom(...VOCABULARY, '未见词'), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (lists, queryTokens, min, rawBonusIds) => {
          const passages = passagesOf(lists);
          const index = new TermIndex(passages);
          const query = new Set(queryTokens);
          const bonusIds = rawBonusIds.map((n) => n % passages.length);
          const bonus = new Float64Array(passages.length);
          for (const id of bonusIds) bonus[id] = 0.15;
          expect(index.search(query, min).sort(byId)).toEqual(reference(index, passages, query, min));
          expect(index.search(query, min, bonus, bonusIds).sort(byId)).toEqual(
            reference(index, passages, query, min, bonus, bonusIds),
          );
          // The accumulator is left clean: the same search again gives the same answer.
          expect(index.search(query, min).sort(byId)).toEqual(reference(index, passages, query, min));
        },
      ),
      { numRuns: 500, seed: 20261121 },
    );
  });

  it('containingAll is the passages holding every token, ascending', () => {
    fc.assert(
      fc.property(
        fc.array(terms, { maxLength: 200 }),
        fc.uniqueArray(fc.constantFrom(...VOCABULARY, '未见词'), { maxLength: 4 }),
        (lists, tokens) => {
          const passages = passagesOf(lists);
          const expected =
            tokens.length === 0 ? [] : passages.filter((p) => tokens.every((t) => p.terms.has(t))).map((p) => p.id);
          expect([...new TermIndex(passages).containingAll(tokens)]).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 20261121 },
    );
  });
});
