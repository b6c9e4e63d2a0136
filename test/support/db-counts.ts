import type { AppConfig } from '@luoshi/config';
import { createDataSource } from '@luoshi/db';

const TABLES = [
  'bureau',
  'report',
  'plan_item',
  'progress_update',
  'audit_event',
  'comment',
  'deadline_extension',
] as const;

/** Row counts of the tables a request could write to: equal before and after = nothing written. */
export async function rowCounts(config: AppConfig): Promise<Record<string, number>> {
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
    return out;
  } finally {
    await ds.destroy();
  }
}
