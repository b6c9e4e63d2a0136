import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A personal API token for automation; only its sha256 is stored. */
@Entity('api_token')
export class ApiToken {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('ix_api_token_user')
  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('uq_api_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, select: false })
  tokenHash: string;

  // No explicit type: TypeORM picks the driver's timestamp type (datetime / timestamp) from the
  // emitted `Date` (a `Date | null` union would emit Object), hence optional rather than nullable.
  @Column({ nullable: true })
  lastUsedAt?: Date;

  // No explicit type: TypeORM picks the driver's timestamp type (datetime / timestamp) from the
  // emitted `Date` (a `Date | null` union would emit Object), hence optional rather than nullable.
  @Column({ nullable: true })
  revokedAt?: Date;

  /** When the token stops working (created for N days); none: until revoked. */
  @Column({ nullable: true })
  expiresAt?: Date;

  @CreateDateColumn()
  createdAt: Date;
}
