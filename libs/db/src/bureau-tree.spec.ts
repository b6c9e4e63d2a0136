import fc from 'fast-check';
import { BureauTree } from './bureau-tree';

describe('BureauTree', () => {
  const edges = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 1 },
    { id: 4, parentId: 2 },
    { id: 5, parentId: null },
  ];

  it('gives a bureau and everything below it, the root first', () => {
    const tree = new BureauTree(7, edges);
    expect(tree.version).toBe(7);
    expect(tree.subtree(1)).toEqual([1, 2, 3, 4]);
    expect(tree.subtree(2)).toEqual([2, 4]);
    expect(tree.subtree(5)).toEqual([5]);
  });

  it('answers a bureau it does not know with itself alone, as the recursive query does', () => {
    expect(new BureauTree(1, edges).subtree(99)).toEqual([99]);
  });

  it('stops at a cycle instead of looping', () => {
    const tree = new BureauTree(1, [
      { id: 1, parentId: 2 },
      { id: 2, parentId: 1 },
    ]);
    expect(tree.subtree(1)).toEqual([1, 2]);
  });

  it('agrees with a naive reachability walk on random forests', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), (parents) => {
        // Bureau i + 1's parent is some earlier bureau or none: a forest.
        const forest = parents.map((p, i) => ({ id: i + 1, parentId: p === 0 || p > i ? null : p }));
        const tree = new BureauTree(1, forest);
        for (const { id } of forest) {
          const below = new Set([id]);
          let grew = true;
          while (grew) {
            grew = false;
            for (const b of forest)
              if (b.parentId !== null && below.has(b.parentId) && !below.has(b.id)) {
                below.add(b.id);
                grew = true;
              }
          }
          expect(new Set(tree.subtree(id))).toEqual(below);
          expect(tree.subtree(id)[0]).toBe(id);
        }
      }),
    );
  });
});
