import type { Repository } from 'typeorm';
import type { DbHandle } from './db-handle.types';
import { User, type UserRole } from '../entities/user.entity';

export interface NewUser {
  email: string;
  displayName: string;
  role: UserRole;
  bureauId: number | null;
  passwordHash: string;
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

  async create(user: NewUser): Promise<User> {
    const saved = await this.users.save(this.users.create({ ...user, email: UserRepository.normaliseEmail(user.email) }));
    return (await this.users.findOneByOrFail({ id: saved.id }));
  }
}
