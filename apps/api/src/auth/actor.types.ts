import type { UserRole } from '@luoshi/db';

/** The authenticated person behind a request. */
export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  role: UserRole;
  bureauId: number | null;
}
