/**
 * Where a task came from: a parsed report's plan item, made by hand (交办事项), a leader's
 * instruction (领导批示件), or a row of an imported 督办台账.
 */
export const TASK_SOURCE_KINDS = ['report', 'manual', 'instruction', 'import'] as const;
export type TaskSourceKind = (typeof TASK_SOURCE_KINDS)[number];

/** The kinds a person may choose when making a task by hand. */
export const MANUAL_SOURCE_KINDS = ['manual', 'instruction'] as const satisfies readonly TaskSourceKind[];

export const SOURCE_KIND_LABELS_ZH: Record<TaskSourceKind, string> = {
  report: '年报解析',
  manual: '交办事项',
  instruction: '领导批示',
  import: '台账导入',
};
