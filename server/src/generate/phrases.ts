/**
 * Small, named text patterns for reading one entity bullet: splitting it into clauses and
 * list items without breaking parentheses or "between 0 and 1", and reading the hints people
 * put in parentheses: enumerations "(pending, approved, rejected)", types "(Boolean)",
 * units "(minutes)", examples "(e.g. f1_macro)".
 */

/** Splits at `separator` matches that are outside parentheses/brackets. */
export function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const global = new RegExp(separator.source, separator.flags.includes('g') ? separator.flags : separator.flags + 'g');
  const depthAt: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    depthAt[i] = depth;
    if ((c === ')' || c === ']') && depth > 0) depth--;
  }
  for (const match of text.matchAll(global)) {
    const at = match.index ?? 0;
    if ((depthAt[at] ?? 0) > 0) continue;
    parts.push(text.slice(start, at));
    start = at + match[0].length;
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|approx)\./gi;
const ABBREVIATION_MARK = '\u0000';

/** Splits an entity description into clauses at `;` and sentence ends (outside parentheses). */
export function clausesOf(description: string): string[] {
  const protectedText = description.replace(ABBREVIATIONS, (m) => m.slice(0, -1) + ABBREVIATION_MARK);
  return splitTopLevel(protectedText, /;|\.(?=\s|$)/).map((clause) =>
    clause.replaceAll(ABBREVIATION_MARK, '.').replace(/[.\s]+$/, '').trim(),
  ).filter(Boolean);
}

const BETWEEN_AND = /\bbetween\s+(-?[\d.]+)\s+and\s+(-?[\d.]+)/gi;
const AND_MARK = '\u0001';

/**
 * Splits an attribute list ("a unique username, a role (a or b) and an active flag") into
 * items at top-level commas and the words "and"/"plus", keeping "between 0 and 1" whole.
 */
export function listItemsOf(list: string, splitOnAnd = true): string[] {
  const protectedText = list.replace(BETWEEN_AND, (_m, low: string, high: string) => `between ${low} ${AND_MARK} ${high}`);
  const separator = splitOnAnd ? /,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+plus\s+|\s+as well as\s+/i : /,\s*/;
  return splitTopLevel(protectedText, separator).map((item) => item.replaceAll(AND_MARK, 'and').trim()).filter(Boolean);
}

/** An item's text without its parenthetical remarks, and the remarks themselves. */
export interface HintedPhrase {
  phrase: string;
  hints: string[];
}

export function extractHints(item: string): HintedPhrase {
  const hints: string[] = [];
  let phrase = '';
  let depth = 0;
  let current = '';
  for (const c of item) {
    if (c === '(') {
      if (depth > 0) current += c;
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
      if (depth === 0) {
        hints.push(current.trim());
        current = '';
      } else current += c;
    } else if (depth > 0) current += c;
    else phrase += c;
  }
  if (current.trim()) hints.push(current.trim());
  return { phrase: phrase.replace(/\s+/g, ' ').trim(), hints: hints.filter(Boolean) };
}

/** "e.g. bug, urgent" and "for example classification": illustrations, never constraints. */
export const EXAMPLE_HINT = /^(e\.g\.?|eg\.?|for example|for instance|such as|like|example:?)[\s,:]/i;

/** Words in a hint that name a type or a unit rather than values. */
export const TYPE_HINT = /^(boolean|bool|true\/false|yes\/no|json|jsonb|date|datetime|timestamp|time|integer|int|number|decimal|text|string|uuid|money|currency|relationship|fk|foreign key|calculated|computed|derived|optional|required|unique|normali[sz]ed|secured\/hashed|hashed|encrypted)$/i;

/** Time units a duration may be expressed in: "(minutes)", "in seconds". */
export const DURATION_UNIT = /^(?:in\s+)?(seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms|milliseconds?)$/i;

/**
 * The values of an enumeration hint: "pending, approved, rejected", "Pending | Ongoing | Done",
 * "enum: A | B", "annotator or administrator", "OrderCreated or PaymentCompleted".
 * Undefined when the hint reads like prose, an example or a type.
 */
export function enumerationOf(hint: string): string[] | undefined {
  let text = hint.trim();
  if (EXAMPLE_HINT.test(text + ' ') || TYPE_HINT.test(text) || DURATION_UNIT.test(text)) return undefined;
  text = text.replace(/^(enum|one of|values?|either)\s*:?\s*/i, '');
  const values = text
    .split(/\s*(?:\||,|\/|\bor\b|\band\b)\s*/i)
    .map((value) => value.replace(/^(and|or)\s+/i, '').replace(/^['"“]|['"”]$/g, '').trim())
    .filter((value) => value && !/^(?:etc\.?|and so on)$/i.test(value));
  if (values.length < 2) return undefined;
  // "string, e.g. ISO 2768", "integer, 1-5": a type, then a remark; not values.
  if (TYPE_HINT.test(values[0]) || values.some((value) => EXAMPLE_HINT.test(`${value} `))) return undefined;
  // Values are short labels; a long clause is an explanation, not an enumeration.
  if (values.some((value) => value.split(/\s+/).length > 3 || /[=+×*]|\d{2,}/.test(value))) return undefined;
  return values;
}

/** "between 0 and 1", "from 1 to 5", "0-100": an inclusive numeric range. */
export function rangeOf(text: string): { low: string; high: string } | undefined {
  const match =
    /\bbetween\s+(-?\d+(?:\.\d+)?)\s+and\s+(-?\d+(?:\.\d+)?)/i.exec(text) ??
    /\bfrom\s+(-?\d+(?:\.\d+)?)\s+to\s+(-?\d+(?:\.\d+)?)/i.exec(text) ??
    /\b(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\b/.exec(text);
  return match ? { low: match[1], high: match[2] } : undefined;
}

/** Leading words that carry no name: articles, determiners, prepositions and a few adjectives. */
const LEADING_FILLER = /^(?:a|an|the|one|its|their|his|her|each|every|any|some|at|in|on|with|of|and|or|plus|also|fixed|single|own|given|exactly|separate|current|has|have|having|including|includes|contains|stores?|records?|tracks?|represents?|kept|stored|held|shown|placed|located)\s+/i;

/** Qualifiers that follow a noun and are not part of its name: "rank at the time of scoring". */
const TRAILING_QUALIFIERS: readonly RegExp[] = [
  /\s+to\s+\w+$/i, // "input text to label"
  /\s+(?:in|at|based\s+on|according\s+to|as|via|through|using|during|after|before)\s+(?!(?:progress|stock|transit|hand|place)\b)/i, // "amount in BRL", "score based on approval rate"
  /\s+at\s+(?:the\s+)?time\s+of\b/i,
  /\s+(?:for|that|which|who|whose|when|where|used|per|from|by|if|once|unless|until)\s/i,
  /\s+(?:in|on|to|within)\s+(?:a|an|the|one|each)\s/i,
  /(?<!\b(?:number|count|total|amount|quantity|list|set|array|date|place|country))\s+of\s/i, // but "number of items", "date of birth" keep their "of"
];

/** "the leaderboard rank at the time of scoring" → "leaderboard rank". */
export function coreNounPhrase(phrase: string): { core: string; qualifier: string } {
  let core = phrase.trim().replace(/[.:;,]+$/, '');
  let previous = '';
  while (previous !== core) {
    previous = core;
    core = core.replace(LEADING_FILLER, '');
  }
  let cut = core.length;
  for (const pattern of TRAILING_QUALIFIERS) {
    const match = pattern.exec(core);
    if (match && match.index > 0 && match.index < cut) cut = match.index;
  }
  return { core: core.slice(0, cut).trim(), qualifier: core.slice(cut).trim() };
}

/** Capitalises the first letter, for descriptions. */
export function sentenceCase(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
