import { In, IsNull, Not, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { DbHandle } from './db-handle.types';
import { User, type UserRole } from '../entities/user.entity';
import { queryBound } from './bound-sql.util';
import { identitySelect, readIdentity, type UserIdentity } from './identity.sql';

export type { UserIdentity };

/** What an admin (or a supervisor, for staff) may change about an account. */
export interface AccountChange {
  role?: UserRole;
  disabled?: boolean;
  displayName?: string;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: UserRole;
  bureauId: number | null;
  passwordHash: string;
}

export type ReminderRecipient = Pick<User, 'id' | 'role' | 'bureauId' | 'reminderMode' | 'remindersOptIn'>;

/** A person's quiet hours, when set. */
export interface QuietHoursRow {
  userId: number;
  from: string;
  to: string;
}

export interface ReminderPreferences {
  reminderMode: User['reminderMode'];
  remindersOptIn: boolean;
  quietFrom: string | null;
  quietTo: string | null;
}

export class UserRepository {
  private readonly users: Repository<User>;

  constructor(db: DbHandle) {
    this.users = db.getRepository(User);
  }

  /** E-mail addresses are compared lower-cased and trimmed. */
  static normaliseEmail(email: string): string {
    return email.trim().toLowerCase();
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: UserRepository.normaliseEmail(email) } });
  }

  /** Includes the password hash, which ordinary reads never select. */
  findByEmailWithPasswordHash(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: UserRepository.normaliseEmail(email) })
      .getOne();
  }

  /** The users with these ids (any order; missing ids are left out). */
  byIds(ids: number[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.findBy({ id: In(ids) });
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * The identity of a user, read on every authenticated request (so role and bureau changes apply
   * at once): one bound statement, no entity hydration (BENCHMARKS.md, list).
   */
  async identity(id: number): Promise<UserIdentity | null> {
    const [row] = await queryBound(this.users.manager, `${identitySelect('')} WHERE "id" = ?`, [id]);
    return row ? readIdentity(row, '') : null;
  }

  /** Ends every login token of the user (logout everywhere); returns the new version. */
  async endSessions(id: number): Promise<number> {
    await this.users.increment({ id }, 'tokenVersion', 1);
    return (await this.users.findOneByOrFail({ id })).tokenVersion;
  }

  /** A new password hash (chosen by the user: no change is owed any more), ending every login token issued before it; returns the new token version. */
  async changePassword(id: number, passwordHash: string): Promise<number> {
    await this.users.update({ id }, { passwordHash, mustChangePassword: false });
    return this.endSessions(id);
  }

  /**
   * A password set by an administrator: the user must change it, every login token issued before it
   * ends, and the calendar feed's secret address stops (the user makes a new one).
   */
  async resetPassword(id: number, passwordHash: string): Promise<number> {
    await this.users.update({ id }, { passwordHash, mustChangePassword: true, calendarToken: null });
    return this.endSessions(id);
  }

  /** The password hash of one user, for re-checking it before a change. */
  async passwordHashOf(id: number): Promise<string | null> {
    const row = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
    return row?.passwordHash ?? null;
  }

  /** Applies an account change; disabling also ends the user's login tokens. Returns the user as it now is. */
  async changeAccount(id: number, change: AccountChange): Promise<User> {
    const patch: QueryDeepPartialEntity<User> = {};
    if (change.role !== undefined) patch.role = change.role;
    if (change.displayName !== undefined) patch.displayName = change.displayName;
    if (change.disabled !== undefined) patch.disabledAt = change.disabled ? new Date() : () => 'NULL';
    if (Object.keys(patch).length > 0) await this.users.update({ id }, patch);
    if (change.disabled === true) await this.users.increment({ id }, 'tokenVersion', 1);
    return this.users.findOneByOrFail({ id });
  }

  /** Users of the given bureaus (null = everyone). */
  listIn(bureauIds: number[] | null): Promise<User[]> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.id', 'ASC');
    if (bureauIds !== null) {
      if (bureauIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('u.bureauId IN (:...bureauIds)', { bureauIds });
    }
    return qb.getMany();
  }

  findByCalendarToken(token: string): Promise<User | null> {
    return this.users.findOneBy({ calendarToken: token });
  }

  async calendarTokenOf(id: number): Promise<string | null> {
    const row = await this.users
      .createQueryBuilder('u')
      .addSelect('u.calendarToken')
      .where('u.id = :id', { id })
      .getOne();
    return row?.calendarToken ?? null;
  }

  async setCalendarToken(id: number, token: string): Promise<void> {
    await this.users.update({ id }, { calendarToken: token });
  }

  /**
   * Who approves a bureau's requests today (申请销号, 延期申请): the supervisors, not disabled, of
   * the bureau or of any bureau above it — those whose scope includes it. Admins approve anywhere,
   * so they are asked only when no supervisor stands above the bureau. Ids ascending.
   */
  async approversOf(bureauId: number): Promise<number[]> {
    const up = await queryBound<{ id: unknown }>(
      this.users.manager,
      `WITH RECURSIVE up("id", "depth") AS (SELECT CAST(? AS INTEGER), 0 UNION SELECT b."parentId", up."depth" + 1 FROM "bureau" b JOIN up ON b."id" = up."id" WHERE b."parentId" IS NOT NULL AND up."depth" < 32)
       SELECT u."id" AS "id" FROM "user" u WHERE u."role" = 'supervisor' AND u."disabledAt" IS NULL AND u."bureauId" IN (SELECT "id" FROM up) ORDER BY u."id"`,
      [bureauId],
    );
    if (up.length > 0) return up.map((r) => Number(r.id));
    const admins = await queryBound<{ id: unknown }>(
      this.users.manager,
      `SELECT "id" FROM "user" WHERE "role" = 'admin' AND "disabledAt" IS NULL ORDER BY "id"`,
      [],
    );
    return admins.map((r) => Number(r.id));
  }

  /** Everyone who may be reminded, with what the sweep needs to choose recipients (no secrets, no e-mail). */
  /** Everyone who can be reminded: disabled accounts are left out. */
  reminderRecipients(): Promise<ReminderRecipient[]> {
    return this.users.find({
      select: { id: true, role: true, bureauId: true, reminderMode: true, remindersOptIn: true },
      where: { disabledAt: IsNull() },
    });
  }

  /** Everyone who set quiet hours. */
  async quietHours(): Promise<QuietHoursRow[]> {
    const rows = await this.users.find({
      select: { id: true, quietFrom: true, quietTo: true },
      where: { quietFrom: Not(IsNull()), quietTo: Not(IsNull()) },
    });
    return rows.map((u) => ({ userId: u.id, from: u.quietFrom!, to: u.quietTo! }));
  }

  /** How a user wants reminders: each, a daily digest or none, and whether unassigned tasks' reminders reach them. */
  async reminderPreferences(id: number): Promise<ReminderPreferences> {
    const user = await this.users.findOneOrFail({
      select: { reminderMode: true, remindersOptIn: true, quietFrom: true, quietTo: true },
      where: { id },
    });
    return {
      reminderMode: user.reminderMode,
      remindersOptIn: user.remindersOptIn,
      quietFrom: user.quietFrom,
      quietTo: user.quietTo,
    };
  }

  async setReminderPreferences(id: number, change: Partial<ReminderPreferences>): Promise<ReminderPreferences> {
    if (Object.keys(change).length > 0) await this.users.update({ id }, change);
    return this.reminderPreferences(id);
  }

  async create(user: NewUser): Promise<User> {
    const saved = await this.users.save(
      this.users.create({ ...user, email: UserRepository.normaliseEmail(user.email) }),
    );
    return await this.users.findOneByOrFail({ id: saved.id });
  }
}
