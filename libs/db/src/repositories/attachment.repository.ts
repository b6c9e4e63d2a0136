import { In, type Repository } from 'typeorm';
import { Attachment } from '../entities/attachment.entity';
import { Bureau } from '../entities/bureau.entity';
import { User } from '../entities/user.entity';
import type { DbHandle } from './db-handle.types';

export type NewAttachment = Omit<Attachment, 'id' | 'createdAt' | 'task' | 'progressUpdate'>;

/** An attachment as lists show it: with its uploader's and bureau's names. */
export interface AttachmentView extends Omit<Attachment, 'task' | 'progressUpdate'> {
  uploaderName: string | null;
  bureauName: string | null;
}

/** Attached files' records (the bytes are in the attachment store). */
export class AttachmentRepository {
  private readonly rows: Repository<Attachment>;

  constructor(db: DbHandle) {
    this.rows = db.getRepository(Attachment);
  }

  add(attachment: NewAttachment): Promise<Attachment> {
    return this.rows.save(this.rows.create(attachment));
  }

  findById(id: number): Promise<Attachment | null> {
    return this.rows.findOneBy({ id });
  }

  /** Which of these storage keys a record refers to (the orphan sweep asks in batches of a few hundred). */
  async referencedKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.rows.find({ select: { storageKey: true }, where: { storageKey: In(keys) } });
    return new Set(rows.map((r) => r.storageKey));
  }

  /** Removes the record; false when there was none (removed meanwhile). */
  async remove(id: number): Promise<boolean> {
    return ((await this.rows.delete({ id })).affected ?? 0) > 0;
  }

  /** A task's attachments, oldest first, with who uploaded them for which bureau. */
  async forTask(taskId: number): Promise<AttachmentView[]> {
    const rows = await this.rows.find({ where: { taskId }, order: { id: 'ASC' } });
    const userIds = [...new Set(rows.map((r) => r.uploaderId).filter((id): id is number => id !== null))];
    const bureauIds = [...new Set(rows.map((r) => r.bureauId).filter((id): id is number => id !== null))];
    const manager = this.rows.manager;
    const [users, bureaus] = await Promise.all([
      userIds.length ? manager.getRepository(User).findBy({ id: In(userIds) }) : [],
      bureauIds.length ? manager.getRepository(Bureau).findBy({ id: In(bureauIds) }) : [],
    ]);
    const userName = new Map(users.map((u) => [u.id, u.displayName]));
    const bureauName = new Map(bureaus.map((b) => [b.id, b.name]));
    return rows.map((r) => ({
      ...r,
      uploaderName: r.uploaderId === null ? null : (userName.get(r.uploaderId) ?? null),
      bureauName: r.bureauId === null ? null : (bureauName.get(r.bureauId) ?? null),
    }));
  }
}
