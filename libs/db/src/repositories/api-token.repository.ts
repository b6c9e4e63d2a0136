import { In, IsNull, type Repository } from 'typeorm';
import { ApiToken } from '../entities/api-token.entity';
import type { DbHandle } from './db-handle.types';

export class ApiTokenRepository {
  private readonly tokens: Repository<ApiToken>;

  constructor(db: DbHandle) {
    this.tokens = db.getRepository(ApiToken);
  }

  create(userId: number, name: string, tokenHash: string, expiresAt?: Date): Promise<ApiToken> {
    return this.tokens.save(this.tokens.create({ userId, name, tokenHash, ...(expiresAt ? { expiresAt } : {}) }));
  }

  /** An unrevoked, unexpired token by its hash; stamps its last use. */
  async useByHash(tokenHash: string, now = new Date()): Promise<ApiToken | null> {
    const token = await this.tokens.findOneBy({ tokenHash, revokedAt: IsNull() });
    if (!token || (token.expiresAt && token.expiresAt.getTime() <= now.getTime())) return null;
    await this.tokens.update({ id: token.id }, { lastUsedAt: now });
    return token;
  }

  findById(id: number): Promise<ApiToken | null> {
    return this.tokens.findOneBy({ id });
  }

  /** Every token (newest first), or those of these users; never the hash. */
  listAll(userIds: number[] | null): Promise<ApiToken[]> {
    if (userIds !== null && userIds.length === 0) return Promise.resolve([]);
    return this.tokens.find({ where: userIds === null ? {} : { userId: In(userIds) }, order: { id: 'DESC' } });
  }

  /** Revokes a token whoever owns it (an administrator's revocation); false when already revoked or unknown. */
  async revokeById(id: number): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  /** Revokes every live token of a user (their password was reset); how many were live. */
  async revokeAllOf(userId: number): Promise<number> {
    const result = await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }

  listFor(userId: number): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { id: 'ASC' } });
  }

  async revoke(userId: number, id: number): Promise<boolean> {
    const result = await this.tokens.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }
}
