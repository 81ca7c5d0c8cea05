/**
 * Plain text from the HTML a store keeps its product descriptions in (Shopify's `descriptionHtml`,
 * WooCommerce's `description`): what a chat can show. Not a sanitiser: the result is text, never
 * rendered as HTML.
 */

/** Elements whose content is not text a shopper reads. */
const HIDDEN_ELEMENT = /<(script|style|template|noscript|iframe|svg)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
/** A line break inside a paragraph. */
const LINE_BREAK = /<br\s*\/?>/gi;
/** The start or end of a block: the text after it starts a new line. */
const BLOCK_BOUNDARY = /<\/?(p|div|section|article|header|footer|blockquote|pre|h[1-6]|ul|ol|dl|table|thead|tbody|hr)\b[^>]*>/gi;
/** A list item or table row starts a line; its end adds nothing, so items stay on consecutive lines. */
const ITEM_START = /<(li|dt|dd|tr)\b[^>]*>/gi;
const ITEM_END = /<\/(li|dt|dd|tr)\s*>/gi;
/** Table cells are separated by a space. */
const CELL = /<\/?(td|th)\b[^>]*>/gi;
const ANY_TAG = /<\/?[a-z][^>]*>/gi;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi;

/** The named entities stores' editors commonly write; numeric ones are decoded whatever they are. */
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', euro: '€', pound: '£',
  deg: '°', times: '×', copy: '©', reg: '®', trade: '™', middot: '·', bull: '•',
};

function decodeEntity(whole: string, name: string): string {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
}

/**
 * `<p>Made in <b>Bologna</b>.</p><ul><li>Linen</li></ul>` → `Made in Bologna.\nLinen`: tags go,
 * blocks and `<br>` become line breaks, entities are decoded, runs of spaces collapse and lines are
 * trimmed, with at most one empty line between paragraphs.
 */
export function htmlToText(html: string): string {
  const text = html
    // Line breaks in the source are spaces, as in a browser; only the markup breaks lines.
    .replace(/\s+/g, ' ')
    .replace(COMMENT, '')
    .replace(HIDDEN_ELEMENT, '')
    .replace(LINE_BREAK, '\n')
    .replace(BLOCK_BOUNDARY, '\n')
    .replace(ITEM_START, '\n')
    .replace(ITEM_END, '')
    .replace(CELL, ' ')
    .replace(ANY_TAG, '')
    .replace(ENTITY, decodeEntity);
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
