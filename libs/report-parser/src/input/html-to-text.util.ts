import { Parser } from 'htmlparser2';

/** Elements whose content is never report text. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'iframe',
  'select',
  'button',
  'form',
  'svg',
  'head',
  'object',
  'canvas',
]);
/** Containers that sites use for navigation and footers without semantic tags. */
const CHROME_CLASS =
  /(^|[\s_-])(nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|share|sidebar|copyright|toolbar|topbar|related|xgwz|bottom)([\s_-]|$)/i;
const CONTAINERS = new Set(['div', 'ul', 'ol', 'section', 'table', 'dl', 'p', 'span']);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'table',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'hr',
  'main',
  'center',
  'address',
  'figure',
  'figcaption',
  'caption',
]);
const VOID = new Set([
  'br',
  'hr',
  'img',
  'meta',
  'link',
  'input',
  'area',
  'base',
  'col',
  'embed',
  'source',
  'track',
  'wbr',
  'param',
]);

/** Open elements kept; deeper ones are dropped before parsing (no report nests anywhere near this). */
export const MAX_HTML_DEPTH = 256;
/** A tag as far as depth counting needs it; `[^<>]` keeps every failed match short, so the scan is linear. */
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]{0,63})(?:[\s/][^<>]{0,4096})?>/g;

/**
 * The page with elements nested deeper than `maxDepth` unwrapped: their tags become a line break
 * (block elements) or a space, their text stays. htmlparser2 keeps its open elements in an array
 * it grows with `unshift`, so each tag costs the current depth and 2 MB of nested `<div>`s held
 * the event loop for ~47 s; with the depth bounded, parsing is linear in the input. Counting
 * follows explicit tags only (no implied closes), so sloppy pages with hundreds of unclosed `<p>`
 * reach the bound sooner — their later `<p>`s still break lines.
 */
export function capNesting(html: string, maxDepth = MAX_HTML_DEPTH): string {
  const open: string[] = [];
  const dropped = new Map<string, number>();
  const parts: string[] = [];
  let last = 0;
  for (const match of html.matchAll(TAG)) {
    const [tag, slash, rawName] = match;
    const name = rawName.toLowerCase();
    if (VOID.has(name) || tag.endsWith('/>')) continue;
    let drop = false;
    if (!slash) {
      drop = open.length >= maxDepth;
      if (drop) dropped.set(name, (dropped.get(name) ?? 0) + 1);
      else open.push(name);
    } else if ((dropped.get(name) ?? 0) > 0) {
      drop = true;
      dropped.set(name, dropped.get(name)! - 1);
    } else {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at;
    }
    if (drop) {
      parts.push(html.slice(last, match.index), BLOCK.has(name) ? '<br>' : ' ');
      last = match.index + tag.length;
    }
  }
  if (last === 0) return html;
  parts.push(html.slice(last));
  return parts.join('');
}

/**
 * HTML → plain text with one paragraph per line. Block elements end lines, table cells are joined
 * with " | " (so header tables read like the pipe tables of scraped pages), navigation, scripts and
 * footers are dropped, entities are decoded (htmlparser2).
 */
export function htmlToText(html: string): string {
  const lines: string[] = [];
  let line = '';
  const stack: boolean[] = []; // per open element: is it skipped?
  let skipDepth = 0;

  const flush = () => {
    const trimmed = line.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (trimmed) lines.push(trimmed.replace(/\s*\|\s*$/, ' |'));
    line = '';
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const skip =
          SKIPPED.has(name) ||
          (CONTAINERS.has(name) && CHROME_CLASS.test(`${attribs.class ?? ''} ${attribs.id ?? ''}`));
        if (!VOID.has(name)) {
          stack.push(skip);
          if (skip) skipDepth++;
        }
        if (skipDepth > 0) return;
        if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (skipDepth > 0) return;
        line += text.replace(/[\r\n\t]+/g, ' ');
      },
      onclosetag(name, implied) {
        if (VOID.has(name)) {
          if (name === 'br' && skipDepth === 0 && !implied) flush();
          return;
        }
        const skip = stack.pop();
        if (skip) {
          skipDepth--;
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'td' || name === 'th') line += ' | ';
        if (BLOCK.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(capNesting(html));
  parser.end();
  flush();
  return lines.join('\n');
}

/** True when text looks like an HTML document or fragment rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml')) return true;
  const tags = text.slice(0, 20000).match(/<\/?(p|div|br|span|table|td|body|head|meta|h[1-6]|li|a)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 3;
}

/** A file named .html/.htm is HTML whatever its markup looks like; for any other name, let the parser detect it. */
export function htmlByFileName(fileName: string): true | undefined {
  return /\.html?$/i.test(fileName) ? true : undefined;
}
