export { linkProgress, type PriorItem } from './progress-linker';
export { buildPassages, type FollowupInput, type Passage } from './passages';
export { tokenize, distinctiveTerms } from './tokens.util';
export type {
  ActionLink,
  CommitmentLink,
  EvidencePassage,
  LinkOptions,
  LinkResult,
  LinkSummary,
  TargetOutcome,
  Verdict,
} from './link.types';
export { chainCommitments, problemsCoverage, type LineageChain, type YearPlan, type ProblemCoverage } from './lineage';
export const LINKER_VERSION = '1.0.0';
