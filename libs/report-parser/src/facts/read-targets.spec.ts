import { readTargets } from './read-targets';

describe('readTargets', () => {
  it('reads a count and a rate from a typed target', () => {
    const targets = readTargets('办理案件不少于500件，败诉率控制在5%以内');
    expect(targets.map((t) => [t.op, t.value, t.unit])).toEqual([
      ['>=', 500, '件'],
      ['<=', 5, '%'],
    ]);
  });

  it('reads nothing from words without a figure', () => {
    expect(readTargets('群众满意度明显提升')).toEqual([]);
  });
});
