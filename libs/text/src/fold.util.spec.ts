import { foldText, hasTraditionalCharacters } from './fold.util';

describe(foldText.name, () => {
  it('folds full-width ASCII and ideographic spaces and keeps the length', () => {
    const text = '（一）ＡＢＣ　１２３％，；：';
    const folded = foldText(text);
    expect(folded).toBe('(一)ABC 123%,;:');
    expect(folded.length).toBe(text.length);
  });

  it('maps traditional characters to simplified ones, one for one', () => {
    const text = '關於法治政府建設工作情況的報告';
    expect(foldText(text)).toBe('关于法治政府建设工作情况的报告');
  });

  it('leaves markers and quotes that matter to parsing alone', () => {
    expect(foldText('①“一站式”《办法》、。')).toBe('①“一站式”《办法》、。');
  });
});

describe(hasTraditionalCharacters.name, () => {
  it('tells traditional from simplified text', () => {
    expect(hasTraditionalCharacters('法治政府建設')).toBe(true);
    expect(hasTraditionalCharacters('法治政府建设')).toBe(false);
  });
});
