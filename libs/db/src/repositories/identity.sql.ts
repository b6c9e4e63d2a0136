/**
 * The identity every authenticated request reads of its user, as SQL with no TypeORM at run time:
 * UserRepository.identity runs it alone, the task list on PostgreSQL inside its page statement
 * (task-list.sql.ts, which the list thread loads without the ORM).
 */
import type { User, UserRole } from '../entities/user.entity';
import { readNumberOrNull } from './bound-sql.util';

/** Who is asking: what every authenticated request needs of its user. */
export type UserIdentity = Pick<
  User,
  'id' | 'email' | 'displayName' | 'role' | 'bureauId' | 'tokenVersion' | 'mustChangePassword'
> & {
  disabled: boolean;
  /** `bureau_tree_version` read in the same statement: whether a cached bureau tree is still current. */
  treeVersion: number;
};

const IDENTITY_COLUMNS = [
  'id',
  'email',
  'displayName',
  'role',
  'bureauId',
  'tokenVersion',
  'mustChangePassword',
  'disabledAt',
] as const;

/**
 * `SELECT <identity> FROM "user"` (the caller adds its WHERE): UserIdentity's columns, each named
 * `prefix` + column, and `bureau_tree_version` in the same statement. The task list on PostgreSQL
 * reads it inside its page statement (taskPageFoldedSql), everything else through `identity`.
 */
export function identitySelect(prefix: string): string {
  const columns = IDENTITY_COLUMNS.map((c) => `"${c}" AS "${prefix}${c}"`).join(', ');
  return `SELECT ${columns}, (SELECT "version" FROM "bureau_tree_version" WHERE "id" = 1) AS "${prefix}treeVersion" FROM "user"`;
}

/** A UserIdentity from a row of {@link identitySelect} with the same prefix; null when its columns are empty (no such user). */
export function readIdentity(row: Record<string, unknown>, prefix: string): UserIdentity | null {
  const get = (column: string) => row[`${prefix}${column}`];
  if (get('id') === null || get('id') === undefined) return null;
  const disabledAt = get('disabledAt');
  return {
    id: Number(get('id')),
    email: String(get('email')),
    displayName: String(get('displayName')),
    role: get('role') as UserRole,
    bureauId: readNumberOrNull(get('bureauId')),
    tokenVersion: Number(get('tokenVersion')),
    treeVersion: Number(get('treeVersion')),
    // SQLite answers 0/1, PostgreSQL a boolean.
    mustChangePassword: Boolean(get('mustChangePassword')),
    disabled: disabledAt !== null && disabledAt !== undefined,
  };
}
