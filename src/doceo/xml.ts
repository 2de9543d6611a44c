// Thin layer over fast-xml-parser shared by the RCV and VOT readers: parser set-up, the root
// and completeness checks, and small accessors that hide the parser's single-child-vs-array and
// text-vs-object shapes.
import { XMLParser } from 'fast-xml-parser';
import { DoceoParseError } from './errors.ts';

/** A parsed element: attributes under `@name`, text under `#text`, children by tag name. */
export type XmlNode = { readonly [key: string]: unknown };

const EMPTY: XmlNode = Object.freeze({});

export interface ParserOptions {
  /** Elements that may repeat, so they always come back as arrays. */
  repeating: readonly string[];
  /**
   * Mixed-content elements whose inner markup is kept raw (see `mixedText`), mapped to an alias
   * without dots: the parser's stop-node patterns split paths on '.', and DOCEO tag names contain dots.
   */
  raw?: Readonly<Record<string, string>>;
}

export function createParser({ repeating, raw = {} }: ParserOptions): XMLParser {
  const repeat = new Set(repeating);
  const aliases = new Map(Object.entries(raw));
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    // Also turns on numeric character references (&#233;), which the plain XML set leaves alone.
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Callbacks get the path matcher instead of a path string rebuilt for every element.
    jPath: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && repeat.has(name),
    transformTagName: aliases.size > 0 ? (name) => aliases.get(name) ?? name : false,
    stopNodes: [...aliases.values()].map((alias) => `..${alias}`),
  });
}

/** Parses and returns the root element, or throws if the document is not `<{root}>` or was cut off. */
export function parseDocument(parser: XMLParser, xml: string, root: string, kind: 'RCV' | 'VOT'): XmlNode {
  const body = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  let doc: XmlNode;
  try {
    doc = parser.parse(body) as XmlNode;
  } catch (e) {
    throw new DoceoParseError(kind, 'malformed', `not well-formed XML (${e instanceof Error ? e.message : String(e)})`);
  }
  const found = Object.keys(doc).find((k) => !k.startsWith('#') && !k.startsWith('!'));
  if (found !== root) {
    const what = found === undefined ? 'no root element' : `root element <${found}>`;
    throw new DoceoParseError(kind, 'wrong_document', `${what}, expected <${root}>`);
  }
  // fast-xml-parser accepts a document that simply stops (a capped or broken download), so
  // insist on the closing root tag being the last thing in the file.
  const tail = body.slice(-root.length - 64).trimEnd();
  if (!new RegExp(`</\\s*${root.replace(/\./g, '\\.')}\\s*>$`).test(tail)) {
    throw new DoceoParseError(kind, 'truncated', `document ends before </${root}>`);
  }
  return asNode(doc[root]);
}

/** An element as an object; text-only or empty elements (which the parser gives as strings) become `{}`. */
export function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : EMPTY;
}

/** All `tag` children, whether the parser produced one value or an array. */
export function children(node: XmlNode, tag: string): unknown[] {
  const value = node[tag];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function child(node: XmlNode, tag: string): unknown {
  return children(node, tag)[0];
}

/** Attribute value, trimmed; null when absent or blank. */
export function attr(node: unknown, name: string): string | null {
  const value = asNode(node)[`@${name}`];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Direct text of an element, whitespace-normalised ('' when none). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return normaliseSpace(value);
  const text = asNode(value)['#text'];
  return typeof text === 'string' ? normaliseSpace(text) : '';
}

export function textOrNull(value: unknown): string | null {
  const text = textOf(value);
  return text === '' ? null : text;
}

export function normaliseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A non-negative integer attribute; null when absent or not a plain number. */
export function intAttr(node: unknown, name: string): number | null {
  const value = attr(node, name);
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** The leading YYYY-MM-DD of "2030-01-15 12:05:10" or "2030-01-15+01:00". */
export function datePart(value: string | null): string | null {
  return value === null ? null : /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? null;
}

// Inner markup of a raw (stop-node) element is read by a second, order-preserving parser, so
// "<a …>RC-B9-0331/2023</a> – text" keeps its word order and entities are decoded as usual.
const ordered = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  jPath: false,
});

/** Line breaks and (OpenOffice) spacing elements separate words; other inline elements only add their text. */
const BREAKS = /(?:^|:)(?:line-break|tab|s|br)$/;

/** Full text of raw mixed content, whitespace-normalised. */
export function mixedText(raw: unknown, kind: 'RCV' | 'VOT', where: string): string {
  const inner = typeof raw === 'string' ? raw : asNode(raw)['#text'];
  if (typeof inner !== 'string') return '';
  if (!inner.includes('<') && !inner.includes('&')) return normaliseSpace(inner);
  let nodes: unknown;
  try {
    nodes = ordered.parse(`<x>${inner}</x>`);
  } catch (e) {
    throw new DoceoParseError(kind, 'malformed', `bad markup in ${where} (${e instanceof Error ? e.message : String(e)})`);
  }
  const parts: string[] = [];
  collectText(nodes, parts);
  return normaliseSpace(parts.join(''));
}

function collectText(nodes: unknown, out: string[]): void {
  if (!Array.isArray(nodes)) return;
  for (const entry of nodes) {
    for (const [key, value] of Object.entries(asNode(entry))) {
      if (key === '#text') out.push(String(value));
      else if (key === ':@') continue;
      else {
        if (BREAKS.test(key)) out.push(' ');
        collectText(value, out);
      }
    }
  }
}
