/**
 * The quantitative target of a commitment (收录普法资源不少于500条 → 普法资源 >= 500 条), one shape
 * for every lib that reads, stores, links or shows one. It lives here because libs/text is where
 * the pure libs share their vocabulary (DESIGN.md, "Where code lives").
 */
export type TargetOp = '<=' | '>=' | '<' | '>' | '=';

/** What a target measures and the bound it sets. */
export interface TargetBound {
  metric: string;
  op: TargetOp;
  value: number;
  unit: string | null;
}

/** A target as the plan states it, with the words it was read from. */
export interface Target extends TargetBound {
  text: string;
}

/** A target held against the follow-up report: the figure it reports and whether the bound was met. */
export interface TargetResult extends TargetBound {
  /** The figure the follow-up reports (e.g. 5.9), null when none was found. */
  actual: number | null;
  met: boolean | 'unknown';
}
