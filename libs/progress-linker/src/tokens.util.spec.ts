import { termSet, tokenize } from './tokens.util';

describe(termSet.name, () => {
  it.each(['法治政府建设，2024年完成ABC项目95%。', '一', 'a一b二三', '  ', '（一）统筹推进“公证+破产”'])(
    'holds exactly the distinct tokens of tokenize(%j)',
    (text) => {
      expect(termSet(text)).toEqual(new Set(tokenize(text)));
    },
  );
});
