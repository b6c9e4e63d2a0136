import { IsNull, type Repository } from 'typeorm';
import { ApiToken } from '../entities/api-token.entity';
import type { DbHandle } from './db-handle.types';

export class ApiTokenRepository {
  private readonly tokens: Repository<ApiToken>;

  constructor(db: DbHandle) {
    this.tokens = db.getRepository(ApiToken);
  }

  create(userId: number, name: string, tokenHash: string): Promise<ApiToken> {
    return this.tokens.save(this.tokens.create({ userId, name, tokenHash }));
  }

  /** An unrevoked token by its hash; stamps its last use. */
  async useByHash(tokenHash: string): Promise<ApiToken | null> {
    const token = await this.tokens.findOneBy({ tokenHash, revokedAt: IsNull() });
    if (token) await this.tokens.update({ id: token.id }, { lastUsedAt: new Date() });
    return token;
  }

  listFor(userId: number): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { id: 'ASC' } });
  }

  async revoke(userId: number, id: number): Promise<boolean> {
    const result = await this.tokens.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }
}
