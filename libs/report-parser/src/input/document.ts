import { splitParagraphs } from '@luoshi/text';

export type LineKind = 'chrome' | 'meta' | 'body';

/** One paragraph of the report, with its original and folded text. */
export interface Line {
  index: number;
  start: number;
  end: number;
  /** Original text (display). */
  text: string;
  /** Folded text (matching); same length as `text`. */
  norm: string;
  kind: LineKind;
}

export interface ReportDocument {
  text: string;
  norm: string;
  lines: Line[];
  /** Key/value pairs from the page header (索引号 | … | 发布机构 | …). */
  header: Map<string, string>;
}

/** Site chrome that may stand on a line of its own anywhere on the page. */
const CHROME_LINE =
  /^(关怀版|无障碍|长者模式|您当前所在位置|您现在的位置|当前位置|在线检阅|访问量|浏览次数|阅读次数|点击数|字号|字体[:：]|【字体|【打印|打印本页|关闭窗口|分享到|扫一扫|来源[:：]|信息来源|作者[:：]|责任编辑|首页\s*[>＞]|网站地图|联系我们|主办单位|承办单位|版权所有|技术支持|ICP备|政府网站标识码|(【?\s*(大|中|小)\s*】?\s*){2,})/;
/** Lines after which the page has nothing of the report any more. */
const END_OF_REPORT =
  /^(相关文章|相关链接|相关阅读|相关新闻|相关稿件|上一篇|下一篇|返回顶部|【?打印】?$|【?关闭】?$|附件[:：]?\s*$)/;
/** Header keys of government information-disclosure pages. */
const HEADER_KEYS =
  /(索引号|组配分类|信息分类名称|信息分类|主题分类|发布机构|发文机关|发文机构|发文日期|发布日期|发布时间|成文日期|生成日期|名称|标题|文号|发文字号|主题词|公开方式|公开范围|公开时限|有效性)\s*[:：]/g;

export function buildDocument(text: string, norm: string): ReportDocument {
  const header = new Map<string, string>();
  const lines: Line[] = [];
  let ended = false;
  for (const p of splitParagraphs(norm)) {
    const lineNorm = norm.slice(p.start, p.end);
    const line: Line = {
      index: lines.length,
      start: p.start,
      end: p.end,
      text: text.slice(p.start, p.end),
      norm: lineNorm,
      kind: 'body',
    };
    if (ended || END_OF_REPORT.test(lineNorm)) {
      ended = true;
      line.kind = 'chrome';
    } else if (isHeaderLine(lineNorm)) {
      line.kind = 'meta';
      readHeaderPairs(line.text, lineNorm, header);
    } else if (CHROME_LINE.test(lineNorm) || /^[-|\s:]+$/.test(lineNorm)) {
      line.kind = 'chrome';
    }
    lines.push(line);
  }
  return { text, norm, lines, header };
}

function isHeaderLine(norm: string): boolean {
  HEADER_KEYS.lastIndex = 0;
  const keys = norm.match(HEADER_KEYS)?.length ?? 0;
  return (
    keys >= 2 ||
    (keys === 1 && (norm.includes('|') || norm.length < 60) && /^\S{0,8}[:：]/.test(norm.replace(/^\|?\s*/, '')))
  );
}

/**
 * Reads "key: | value |" cells or "key: value key: value" runs. Values come from the original
 * text (folded keys), so names keep their printed script.
 */
function readHeaderPairs(text: string, norm: string, into: Map<string, string>): void {
  if (norm.includes('|')) {
    const cells: Array<{ norm: string; text: string }> = [];
    let from = 0;
    for (const cell of norm.split('|')) {
      cells.push({ norm: cell.trim(), text: text.slice(from, from + cell.length).trim() });
      from += cell.length + 1;
    }
    for (let i = 0; i < cells.length; i++) {
      const key = /^(\S{1,10}?)[:：]$/.exec(cells[i].norm);
      if (!key) {
        const inline = /^(\S{1,10}?)[:：]\s*(\S.*)$/.exec(cells[i].norm);
        if (inline) setOnce(into, inline[1], cells[i].text.slice(cells[i].text.length - inline[2].length));
        continue;
      }
      const value = cells[i + 1];
      if (value && !/^\S{1,10}?[:：]$/.test(value.norm)) {
        setOnce(into, key[1], value.text);
        i++;
      }
    }
    return;
  }
  const pair = /(\S{2,8}?)[:：]\s*(.*?)(?=\s+\S{2,8}?[:：]|$)/g;
  for (let m = pair.exec(norm); m; m = pair.exec(norm)) {
    setOnce(into, m[1], text.slice(m.index + m[0].length - m[2].length, m.index + m[0].length).trim());
  }
}

function setOnce(map: Map<string, string>, key: string, value: string): void {
  if (value && !map.has(key)) map.set(key, value);
}

/** Body lines only (no chrome, no header), in order. */
export function bodyLines(doc: ReportDocument): Line[] {
  return doc.lines.filter((l) => l.kind === 'body');
}
