/**
 * The bureau hierarchy held in memory: built once from every (id, parentId) pair, then a subtree is
 * a walk of a child map, no query. A cycle (a hand-edited database) cannot loop: each bureau is
 * visited once. Pure; the API keeps one per process, replaced when `bureau_tree_version` moves.
 */
export class BureauTree {
  private readonly children = new Map<number, number[]>();

  constructor(
    readonly version: number,
    edges: ReadonlyArray<{ id: number; parentId: number | null }>,
  ) {
    for (const { id, parentId } of edges) {
      if (parentId === null) continue;
      const list = this.children.get(parentId);
      if (list) list.push(id);
      else this.children.set(parentId, [id]);
    }
    for (const list of this.children.values()) list.sort((a, b) => a - b);
  }

  /** `rootId` first, then every bureau below it (breadth first, ids ascending within a level). */
  subtree(rootId: number): number[] {
    const seen = new Set<number>([rootId]);
    const order = [rootId];
    for (let i = 0; i < order.length; i++) {
      for (const child of this.children.get(order[i]) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        order.push(child);
      }
    }
    return order;
  }
}
