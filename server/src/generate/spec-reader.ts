import MarkdownIt from 'markdown-it';
import { specLanguage, toEnglish, type SpecLanguage } from './languages';

/**
 * Reads the parts of a spec-kit `spec.md` the generator works from, using markdown-it's token
 * line maps so that every piece keeps the (0-based) line it came from: the title, the
 * `Key Entities` bullets and the functional requirements. Everything else in the spec is kept
 * as plain paragraphs, because a few conventions (ranking, polling workers) are stated in
 * user stories rather than in the entity list.
 */

/** A paragraph or bullet's text with the line it starts on. */
export interface SpecText {
  text: string;
  line: number;
}

/** One `- **Name**: description` bullet of the Key Entities section. */
export interface EntityBullet {
  /** The name as written, e.g. `Dataset Item`, `Staff/Admin`. */
  name: string;
  /** The description after the name, lines joined, Markdown emphasis removed. */
  description: string;
  /** Texts of nested bullets, which some specs use for attribute lists. */
  children: string[];
  /** First and last line of the bullet (0-based, inclusive). */
  line: number;
  endLine: number;
}

export interface SpecDocument {
  lines: string[];
  /** The language the spec is written in; its texts below are already rendered in English. */
  language: SpecLanguage;
  /** The `# …` title without a `Feature Specification:` prefix. */
  title?: SpecText;
  /** Line of the Key Entities heading, when the section exists. */
  keyEntitiesLine?: number;
  entities: EntityBullet[];
  /** `FR-…` bullets and any bullet under a Functional Requirements heading. */
  requirements: SpecText[];
  /** Every paragraph and bullet of the spec, in order (code fences excluded). */
  paragraphs: SpecText[];
}

const markdown = new MarkdownIt('commonmark');
type Token = ReturnType<typeof markdown.parse>[number];

/** The title prefixes spec-kit templates put before the feature's name. */
const TITLE_PREFIX = /^(feature\s+specification|feature\s+spec|specification|spec)\s*[:\-–—]\s*/i;
const KEY_ENTITIES_HEADING = /\bkey\s+entities\b/i;
const REQUIREMENTS_HEADING = /\bfunctional\s+requirements\b/i;
const REQUIREMENT_BULLET = /^\s*\*{0,2}\s*FR-\d+/i;

/** Removes `**`, `__`, backticks and a trailing `*(include if …)*` style remark. */
export function plainText(inline: string): string {
  return inline
    .replace(/\r?\n/g, ' ')
    .replace(/\*\((?:[^)]*)\)\*/g, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/(^|\s)\*(\S[^*]*\S|\S)\*(?=\s|$|[.,;:])/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The bullet's leading name: `**Name**: …`, `**Name** - …`, or a plain `Name: …` of up to five words. */
const BOLD_NAME = /^\s*\*\*([^*]+?)\*\*\s*(?:[:\-–—]\s*|\(|$)/;
const PLAIN_NAME = /^\s*([A-Z][\w/&' -]{0,60}?)\s*:\s+/;

function splitEntityBullet(inline: string): { name: string; rest: string } | undefined {
  const bold = BOLD_NAME.exec(inline);
  if (bold) {
    let rest = inline.slice(bold[0].length);
    // `**Name** (aka X): …` keeps the parenthesis as part of the description.
    if (bold[0].trimEnd().endsWith('(')) rest = '(' + rest;
    return { name: bold[1].replace(/:$/, '').trim(), rest };
  }
  const plain = PLAIN_NAME.exec(inline);
  if (plain && plain[1].trim().split(/\s+/).length <= 5) {
    return { name: plain[1].trim(), rest: inline.slice(plain[0].length) };
  }
  return undefined;
}

interface ListItem {
  inline: string;
  line: number;
  endLine: number;
  depth: number;
  children: string[];
}

/** Collects the list items of a token range with their own paragraph and nested item texts. */
function listItems(tokens: Token[], from: number, to: number): ListItem[] {
  const items: ListItem[] = [];
  const stack: ListItem[] = [];
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (token.type === 'list_item_open') {
      const item: ListItem = {
        inline: '',
        line: token.map?.[0] ?? 0,
        endLine: (token.map?.[1] ?? 1) - 1,
        depth: stack.length,
        children: [],
      };
      if (stack.length > 0) stack[stack.length - 1].children.push('');
      stack.push(item);
      items.push(item);
    } else if (token.type === 'list_item_close') {
      const done = stack.pop();
      if (done && stack.length > 0) {
        const parent = stack[stack.length - 1];
        parent.children[parent.children.length - 1] = done.inline;
      }
    } else if (token.type === 'inline' && stack.length > 0) {
      const current = stack[stack.length - 1];
      // Only the item's first paragraph is its text; later paragraphs are appended.
      current.inline = current.inline ? `${current.inline} ${token.content}` : token.content;
    }
  }
  return items;
}

/**
 * Some specs are committed wrapped in a ```` ```markdown ```` fence (copied from a chat). Blank the
 * fence lines so the content parses as Markdown while every line keeps its number.
 */
function unwrapMarkdownFence(lines: readonly string[]): string[] {
  const first = lines.findIndex((line) => line.trim() !== '');
  const open = first >= 0 ? /^(`{3,}|~{3,})\s*(markdown|md)\s*$/i.exec(lines[first]) : null;
  if (!open) return [...lines];
  const marker = open[1];
  let close = -1;
  for (let i = lines.length - 1; i > first; i--) {
    if (lines[i].trim() === '') continue;
    if (lines[i].trim() === marker) close = i;
    break;
  }
  const unwrapped = [...lines];
  unwrapped[first] = '';
  if (close > 0) unwrapped[close] = '';
  return unwrapped;
}

export function readSpec(specText: string): SpecDocument {
  const lines = specText.split(/\r?\n/);
  const tokens = markdown.parse(unwrapMarkdownFence(lines).join('\n'), {});
  const document: SpecDocument = { lines, language: specLanguage(specText), entities: [], requirements: [], paragraphs: [] };

  // Headings with their token index, level and text, to delimit sections.
  const headings: { index: number; level: number; text: string; line: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open') {
      headings.push({
        index: i,
        level: Number(token.tag.slice(1)),
        text: plainText(tokens[i + 1]?.content ?? ''),
        line: token.map?.[0] ?? 0,
      });
    } else if (token.type === 'inline' && token.map && tokens[i - 1]?.type !== 'heading_open') {
      document.paragraphs.push({ text: plainText(token.content), line: token.map[0] });
    }
  }

  const titleHeading = headings.find((h) => h.level === 1) ?? headings[0];
  if (titleHeading) {
    const title = titleHeading.text.replace(TITLE_PREFIX, '').trim();
    if (title) document.title = { text: title, line: titleHeading.line };
  }

  /** Token range of the section under heading `h`: up to the next heading of the same or a higher level. */
  const sectionEnd = (position: number): number => {
    const heading = headings[position];
    const next = headings.slice(position + 1).find((h) => h.level <= heading.level);
    return next ? next.index : tokens.length;
  };

  const entitiesAt = headings.findIndex((h) => KEY_ENTITIES_HEADING.test(h.text));
  if (entitiesAt >= 0) {
    document.keyEntitiesLine = headings[entitiesAt].line;
    for (const item of listItems(tokens, headings[entitiesAt].index, sectionEnd(entitiesAt))) {
      if (item.depth !== 0) continue;
      const parts = splitEntityBullet(item.inline.replace(/\r?\n/g, ' '));
      if (!parts) continue;
      document.entities.push({
        name: plainText(parts.name),
        description: plainText(parts.rest),
        children: item.children.map(plainText).filter(Boolean),
        line: item.line,
        endLine: item.endLine,
      });
    }
  }

  const seen = new Set<number>();
  headings.forEach((heading, position) => {
    if (!REQUIREMENTS_HEADING.test(heading.text)) return;
    for (const item of listItems(tokens, heading.index, sectionEnd(position))) {
      if (seen.has(item.line)) continue;
      seen.add(item.line);
      document.requirements.push({ text: plainText(item.inline), line: item.line });
    }
  });
  // Some specs keep FR bullets outside a "Functional Requirements" heading.
  for (const item of listItems(tokens, 0, tokens.length)) {
    if (seen.has(item.line) || !REQUIREMENT_BULLET.test(item.inline)) continue;
    seen.add(item.line);
    document.requirements.push({ text: plainText(item.inline), line: item.line });
  }
  document.requirements.sort((a, b) => a.line - b.line);
  for (const entity of document.entities) entity.name = entityName(entity.name, document.language);
  if (document.language !== 'en') renderInEnglish(document);
  return document;
}

/**
 * An entity's name without a parenthesised remark: `Ingredient (parsed)` and `Work Order (WO)`
 * are an Ingredient and a Work Order. In a spec written in another language, a capitalised
 * name in the parentheses is the team's English name: `Propiedad (Property)` is a Property.
 */
function entityName(written: string, language: SpecLanguage): string {
  const named = language === 'en' ? written : written.replace(/([^()]*?)\s*\(\s*([A-Z][A-Za-z0-9]*(?:\s+[A-Z][A-Za-z0-9]*)*)(?:\s*\/[^)]*)?\)/g, '$2');
  const bare = named.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  return bare || written;
}

/** Entities, requirements and paragraphs in English words (see languages.ts); lines keep their numbers. */
function renderInEnglish(document: SpecDocument): void {
  const language = document.language;
  for (const entity of document.entities) {
    entity.name = toEnglish(entity.name, language);
    entity.description = toEnglish(entity.description, language);
    entity.children = entity.children.map((child) => toEnglish(child, language));
  }
  for (const requirement of document.requirements) requirement.text = toEnglish(requirement.text, language);
  for (const paragraph of document.paragraphs) paragraph.text = toEnglish(paragraph.text, language);
}
