import type { UserRole } from '@luoshi/db';

/** The authenticated person behind a request. */
export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  role: UserRole;
  bureauId: number | null;
  /**
   * `bureau_tree_version` when the request's identity was read: the scope service uses its cached
   * bureau tree only while it has this version. Absent (an actor made outside a request) → read afresh.
   */
  treeVersion?: number;
  /** An administrator reset the password: until the user changes it, only /api/auth/me, password and logout answer. */
  mustChangePassword: boolean;
  /** How the request proved who it is: a login token (JWT) or a personal API token (lsk_…). */
  via: 'login' | 'api-token';
}
