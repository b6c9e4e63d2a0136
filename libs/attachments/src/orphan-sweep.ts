import type { AttachmentStore, StoredObject } from './attachment-store';

/** How long a stored object without a row is left alone: an upload writes its file, then commits its row. */
export const ORPHAN_GRACE_MS = 60 * 60_000;
const BATCH = 500;

export interface OrphanSweepResult {
  /** Objects looked at (attachments and leftovers of failed writes). */
  seen: number;
  /** Objects removed: no row refers to them (or a failed write left them) and they are older than the grace period. */
  removed: number;
}

/**
 * Removes what a crash between writing a file and committing its row left behind: objects older
 * than `graceMs` that no attachment row refers to, and leftovers of failed writes. `referenced`
 * answers which of the given keys have a row; it is asked in batches, never for every key at once.
 */
export async function sweepOrphans(
  store: AttachmentStore,
  referenced: (keys: string[]) => Promise<Set<string>>,
  now: Date,
  graceMs = ORPHAN_GRACE_MS,
): Promise<OrphanSweepResult> {
  const cutoff = now.getTime() - graceMs;
  const result: OrphanSweepResult = { seen: 0, removed: 0 };
  let batch: StoredObject[] = [];
  const flush = async () => {
    const keys = batch.flatMap((o) => (o.key === null ? [] : [o.key]));
    const kept = keys.length ? await referenced(keys) : new Set<string>();
    for (const object of batch) {
      if (object.key !== null && kept.has(object.key)) continue;
      await store.removeListed(object);
      result.removed += 1;
    }
    batch = [];
  };
  for await (const object of store.list()) {
    result.seen += 1;
    if (object.modifiedAt.getTime() > cutoff) continue;
    batch.push(object);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return result;
}
