/**
 * What a follow-up report shows about a commitment: evidence of the work, part of it, or nothing.
 * One vocabulary for the linker that decides it, the column that stores it and the API that shows it.
 */
export const VERDICTS = ['evidenced', 'partial', 'not_found'] as const;
export type Verdict = (typeof VERDICTS)[number];
