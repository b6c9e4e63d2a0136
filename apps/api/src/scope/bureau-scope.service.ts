import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.types';
import { BureauTreeCache } from './bureau-tree.cache';

/**
 * Which bureaus a person may see: admins all (null), supervisors their bureau's subtree, staff
 * their own bureau. Every query is filtered by this server-side.
 */
@Injectable()
export class BureauScopeService {
  constructor(private readonly tree: BureauTreeCache) {}

  async visibleBureauIds(actor: Actor): Promise<number[] | null> {
    if (actor.role === 'admin') return null;
    if (actor.bureauId === null) return [];
    if (actor.role === 'supervisor') return (await this.tree.at(actor.treeVersion)).subtree(actor.bureauId);
    return [actor.bureauId];
  }

  /** `bureauId` and its sub-bureaus, intersected with what the actor may see. */
  async withinScope(actor: Actor, bureauId: number): Promise<number[]> {
    const subtree = (await this.tree.at(actor.treeVersion)).subtree(bureauId);
    const visible = await this.visibleBureauIds(actor);
    return visible === null ? subtree : subtree.filter((id) => visible.includes(id));
  }

  async canSee(actor: Actor, bureauId: number): Promise<boolean> {
    const visible = await this.visibleBureauIds(actor);
    return visible === null || visible.includes(bureauId);
  }

  /** May edit tasks of this bureau: admins anywhere, staff and supervisors in their own bureau. */
  canEditBureauTasks(actor: Actor, bureauId: number): boolean {
    return actor.role === 'admin' || actor.bureauId === bureauId;
  }

  /** May file new tasks under this bureau: admins any, supervisors their subtree, staff their own. */
  async canFileUnder(actor: Actor, bureauId: number): Promise<boolean> {
    if (actor.role === 'staff') return actor.bureauId === bureauId;
    return this.canSee(actor, bureauId);
  }
}
