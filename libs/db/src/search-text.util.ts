import { foldText } from '@luoshi/text';

/**
 * What task search matches against: the parts folded as the parser folds reports (traditional →
 * simplified, full-width → half-width) and lower-cased, so 執法, 执法 and ＡＢＣ/abc find the same
 * tasks on SQLite and PostgreSQL alike. Stored beside the text (`searchText`) and applied to the
 * query by the caller (the list's SQL also runs on a thread that does not load the folding table).
 */
export function searchTextOf(...parts: Array<string | null | undefined>): string {
  return foldText(parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n')).toLowerCase();
}

/** A task's search text: its title, body, lead and co-units (every writer of a task uses this one). */
export function taskSearchText(task: {
  title: string;
  body: string;
  owner: string | null;
  coOwners: readonly string[] | null | undefined;
}): string {
  return searchTextOf(task.title, task.body, task.owner, ...(task.coOwners ?? []));
}
