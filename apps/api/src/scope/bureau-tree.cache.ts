import { Injectable } from '@nestjs/common';
import { BureauRepository, BureauTree } from '@luoshi/db';

/**
 * This process's copy of the bureau hierarchy. Every request already reads the user's identity,
 * and with it `bureau_tree_version` (UserRepository.identity); while that version matches the
 * copy, a supervisor's subtree is a walk in memory instead of a recursive query. A bureau added,
 * removed or moved raises the version in its own transaction (database triggers), so the next
 * request of any process reloads — no cross-process messages, never stale, one query per change.
 */
@Injectable()
export class BureauTreeCache {
  private current: BureauTree | null = null;
  private loading: Promise<BureauTree> | null = null;

  constructor(private readonly bureaus: BureauRepository) {}

  /** The tree at `version` or newer; undefined version (no request identity) reads it afresh. */
  async at(version: number | undefined): Promise<BureauTree> {
    const held = this.current;
    if (version !== undefined && held !== null && held.version >= version) return held;
    let tree = await this.load();
    // A reload already under way may have started before this version was committed: once more.
    if (version !== undefined && tree.version < version) tree = await this.load();
    return tree;
  }

  /** One reload shared by the requests that notice a new version together. */
  private async load(): Promise<BureauTree> {
    this.loading ??= this.bureaus.tree().finally(() => {
      this.loading = null;
    });
    const tree = await this.loading;
    if (this.current === null || tree.version >= this.current.version) this.current = tree;
    return tree;
  }
}
