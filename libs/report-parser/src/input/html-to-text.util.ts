import { Parser } from 'htmlparser2';

/** Elements whose content is never report text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'iframe', 'select', 'button', 'form', 'svg', 'head', 'object', 'canvas']);
/** Containers that sites use for navigation and footers without semantic tags. */
const CHROME_CLASS = /(^|[\s_-])(nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|share|sidebar|copyright|toolbar|topbar|related|xgwz|bottom)([\s_-]|$)/i;
const CONTAINERS = new Set(['div', 'ul', 'ol', 'section', 'table', 'dl', 'p', 'span']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'table', 'ul', 'ol',
  'dl', 'dt', 'dd', 'blockquote', 'pre', 'hr', 'main', 'center', 'address', 'figure', 'figcaption', 'caption',
]);
const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr', 'param']);

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
          SKIPPED.has(name) || (CONTAINERS.has(name) && CHROME_CLASS.test(`${attribs.class ?? ''} ${attribs.id ?? ''}`));
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
  parser.write(html);
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
