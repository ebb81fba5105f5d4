import type { Sensitivity } from '../model/types';
import { FAMILY_BY_LAST_WORD, FAMILY_BY_NAME, type NameFamily } from './name-families';
import { singularWord, snakeCase, wordsOf } from './naming';
import { secretStorage } from './secret-storage';
import {
  DURATION_UNIT,
  EXAMPLE_HINT,
  coreNounPhrase,
  enumerationOf,
  extractHints,
  listItemsOf,
  rangeOf,
  sentenceCase,
} from './phrases';

/**
 * Attribute recognition and typing: one phrase of an entity's description ("a unique
 * username", "a status (queued, processing)", "Duration (minutes)", "archivedAt?") becomes
 * a typed column draft, following the conventions a PostgreSQL designer applies. Each rule
 * is a small function named after what it recognises; the first that matches wins.
 */

export interface AttributeDraft {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  unique: boolean;
  description: string;
  /** Allowed values, as stored, for a CHECK (… IN (…)). */
  enumValues?: string[];
  range?: { low: string; high: string };
  sensitivity: Sensitivity;
  /** What the generator could not decide about this column. */
  todo?: string;
  /** Set when the value is produced later in the row's life (scoring), so it starts NULL. */
  setLater?: boolean;
}

/** What a phrase turned out to be. */
export type Recognition =
  | { kind: 'attributes'; attributes: AttributeDraft[] }
  /** The primary key ("unique identifier") or the audit columns ("timestamps"). */
  | { kind: 'covered'; extra: AttributeDraft[] }
  | { kind: 'unknown' };

export interface RecognitionContext {
  /** Lower-case singular words of the entity's name, e.g. ['dataset', 'answer']. */
  entityWords: string[];
  /** The entity is a person, so a bare "name" is personal data. */
  person: boolean;
  /** Only accept phrases with a clear typing signal (used for free prose, not attribute lists). */
  strict: boolean;
}

/** A phrase taken apart once, shared by all the rules. */
interface Phrase {
  raw: string;
  /** The noun phrase without articles, parentheses or trailing qualifiers. */
  core: string;
  words: string[];
  hints: string[];
  qualifier: string;
  optional: boolean;
  unique: boolean;
  enumValues?: string[];
  examples: string[];
  unit?: string;
  typeHint?: string;
}

const OPTIONAL = /\b(optional|optionally|nullable|if any|if applicable|if provided|if available|when available|where available|may be (?:empty|blank|null|omitted)|can be (?:empty|blank|null|omitted))\b/i;
const UNIQUE = /\bunique\b/i;

function parsePhrase(raw: string): Phrase {
  const { phrase, hints } = extractHints(raw.replace(/^@/, ''));
  // Present only in some rows: "(if approved)", "(only for IN)", "(for recurring events)", "(when set)";
  // a previous or last value, which does not exist before the first change.
  const conditional = hints.some((h) => /^(?:if|when|whenever|once|only|unless|where|for\s+(?:recurring|some|certain))\b|\b(?:set|filled|recorded|added|known)\s+(?:when|once|after|if)\b|\bnull\b/i.test(h.trim())) ||
    // "error details if failed", "tracking number once shipped": the value comes with an event.
    /\s(?:if|when|once)\s+(?:\w+ed|any|applicable|provided|available|known|set)\b/i.test(phrase);
  const notYet = /^(?:(?:the|a|an|its)\s+)?(?:old|previous|prior|last)\s+\w+/i.test(phrase.trim());
  const optional = OPTIONAL.test(raw) || /\?\s*$/.test(phrase) || conditional || notYet;
  const withoutMarks = phrase.replace(/\?\s*$/, '').replace(/\b(optional|unique|required|mandatory|nullable)\b/gi, ' ');
  const { core, qualifier } = coreNounPhrase(withoutMarks);
  let enumValues: string[] | undefined;
  const examples: string[] = [];
  let unit: string | undefined;
  let typeHint: string | undefined;
  for (const hint of hints) {
    if (EXAMPLE_HINT.test(hint + ' ')) examples.push(hint.replace(EXAMPLE_HINT, '').trim());
    else if (DURATION_UNIT.test(hint)) unit = DURATION_UNIT.exec(hint)?.[1]?.toLowerCase();
    else if (!enumValues && enumerationOf(hint)) enumValues = enumerationOf(hint);
    else typeHint = typeHint ? `${typeHint}; ${hint}` : hint;
  }
  return {
    raw,
    core,
    words: wordsOf(core),
    hints,
    qualifier,
    optional,
    unique: UNIQUE.test(raw) || hints.some((h) => /^unique$/i.test(h)),
    enumValues,
    examples,
    unit,
    typeHint,
  };
}

function has(phrase: Phrase, pattern: RegExp): boolean {
  return phrase.words.some((word) => pattern.test(word));
}

function column(phrase: Phrase, name: string, type: string, description: string, extra: Partial<AttributeDraft> = {}): AttributeDraft {
  const examples = phrase.examples.length > 0 ? ` (e.g. ${phrase.examples.join('; ')})` : '';
  return {
    name,
    type,
    nullable: phrase.optional || absentUntilLater(name),
    unique: phrase.unique,
    description: sentenceCase(description) + examples,
    sensitivity: 'Low',
    ...extra,
    // A later event's time or data ("approved_at", "cancellation_reason") is absent when the row is
    // made; a log of sending is written when it is sent, so "sent_at" keeps what the rule decided.
    ...(absentUntilLater(name) && !/(^|_)(sent|delivered)_/.test(name) && type !== 'BOOLEAN' && extra.nullable === false && !phrase.optional ? { nullable: extra.default === undefined } : {}),
  };
}

/** The column name for a phrase: its core words in snake_case, minus words that only carry the type. */
function nameOf(phrase: Phrase, drop: RegExp = /^$/): string {
  const words = phrase.words.filter((w) => !drop.test(w));
  return snakeCase((words.length > 0 ? words : phrase.words).join(' '));
}

const PARTICIPLES: Record<string, string> = {
  creation: 'created', create: 'created', update: 'updated', expiry: 'expires', expiration: 'expires', expire: 'expires',
  revocation: 'revoked', completion: 'completed', deletion: 'deleted', submission: 'submitted', upload: 'uploaded',
  publication: 'published', cancellation: 'cancelled', approval: 'approved', start: 'started', end: 'ended',
  return: 'returned', login: 'last_login', verification: 'verified', payment: 'paid', archival: 'archived', activation: 'activated',
};

// ---------------------------------------------------------------------------------------------
// Rules, in the order they are tried.
// ---------------------------------------------------------------------------------------------

/** "unique identifier", "id", "ID": the primary key the generator always adds. */
function primaryKey(p: Phrase): Recognition | undefined {
  if (/^(unique\s+)?(identifier|id|uuid|primary key)$/i.test(p.core.trim()) || /^(unique )?identifier$/i.test(p.raw.trim())) {
    return { kind: 'covered', extra: [] };
  }
  return undefined;
}

/** "timestamps (created, updated, completed)", "creation timestamp", "createdAt": the audit columns, plus other named events. */
function auditTimestamps(p: Phrase): Recognition | undefined {
  const core = p.core.toLowerCase();
  const isAudit = /^(created|updated|modified)(\s*at|\s+on|\s+date|\s+time(stamp)?)?$/.test(core) ||
    /^(account\s+|record\s+)?(creation|update|last update|modification)\s+(timestamp|time|date)$/.test(core);
  if (isAudit) return { kind: 'covered', extra: [] };
  if (/^timestamps?$/.test(core)) {
    const events = p.hints.flatMap((hint) => listItemsOf(hint)).map((e) => e.trim().toLowerCase());
    const extra = events
      .filter((event) => !/^(created|updated|creation|update|modified)$/.test(event) && /^[a-z]+$/.test(event))
      .map((event) => ({
        name: `${PARTICIPLES[event] ?? event}_at`,
        type: 'TIMESTAMPTZ',
        nullable: true,
        unique: false,
        description: `When it was ${PARTICIPLES[event] ?? event}`,
        sensitivity: 'Low' as Sensitivity,
      }));
    return { kind: 'covered', extra };
  }
  return undefined;
}

/** "a hashed password", "Password (secured/hashed)", "credentials": only ever a hash. */
function password(p: Phrase): Recognition | undefined {
  const credentials = /^(?:(?:hashed|authentication|login|user|account|secure)\s+)?(?:credentials?|pin)$/i.test(p.core);
  if (!has(p, /^(password|passwords|passphrase)$/) && !credentials) return undefined;
  // A "password reset token" is a token about a password: a secret of its own, not the password.
  if (has(p, /^(token|tokens|otp)$/)) return undefined;
  return {
    kind: 'attributes',
    attributes: [column(p, 'hashed_password', 'VARCHAR(255)', 'Password hash (e.g. bcrypt); the plaintext is never stored', { sensitivity: 'High', unique: false, nullable: p.optional })],
  };
}

/** "unique token value", "API key", "signing secret": stored as a digest or encrypted (see secret-storage). */
function secret(p: Phrase): Recognition | undefined {
  if (!has(p, /^(token|secret|apikey|key|salt|otp|nonce)$/) || (has(p, /^key$/) && !/\b(api|access|secret|private|signing|encryption)\s+key\b/i.test(p.core))) return undefined;
  const stored = secretStorage(p.words, p.core);
  return {
    kind: 'attributes',
    attributes: [column(p, stored.name, stored.type, stored.description, { sensitivity: stored.sensitivity, todo: stored.todo })],
  };
}

/** Sub-parts listed in parentheses: "contact information (phone, email)", "shipping address (street, city…)", "name (first and last)". */
function subParts(p: Phrase, context: RecognitionContext): Recognition | undefined {
  const hint = p.hints.find((h) => !EXAMPLE_HINT.test(h + ' ') && listItemsOf(h).length >= 2);
  if (!hint) return undefined;
  const parts = listItemsOf(hint).flatMap((part) => part.split('/')).map((part) => part.trim()).filter(Boolean);
  if (/^name$/.test(p.core.toLowerCase()) && parts.every((part) => /^(first|last|middle|given|family)$/i.test(part))) {
    return {
      kind: 'attributes',
      attributes: parts.map((part) => column(p, `${part.toLowerCase()}_name`, 'VARCHAR(128)', `${sentenceCase(part)} name`, { sensitivity: 'Medium', unique: false })),
    };
  }
  const isAddress = has(p, /^address$/);
  const isContact = /\b(contact|information|details|info)\b/i.test(p.core);
  if (!isAddress && !isContact) return undefined;
  const prefix = isAddress ? snakeCase(p.core.replace(/\baddress\b/i, '')) : '';
  const attributes: AttributeDraft[] = [];
  for (const part of parts) {
    const recognised = recognizeAttribute(part, { ...context, strict: false });
    const base = recognised.kind === 'attributes' ? recognised.attributes : [];
    for (const attribute of base) {
      const name = prefix ? `${prefix}_${attribute.name}` : attribute.name;
      attributes.push({ ...attribute, name, todo: undefined, sensitivity: isAddress ? 'Medium' : attribute.sensitivity, nullable: p.optional || attribute.nullable });
    }
  }
  return attributes.length > 0 ? { kind: 'attributes', attributes } : undefined;
}

/** "a role (annotator or administrator)", "status (Pending | Ongoing | Done)": a CHECK-ed VARCHAR. */
function enumeration(p: Phrase, context: RecognitionContext): Recognition | undefined {
  if (!p.enumValues) return undefined;
  // In prose, values in parentheses only make a column when the noun is one that holds a value.
  // Values make an enumeration only after a noun that holds one of a set (status, type, kind…),
  // or when written as "one of …", "a | b" or "a → b"; otherwise the parenthesis is a qualifier
  // ("thickness (1.5mm, 2mm)", "tolerance (string, e.g. ISO 2768)") and a CHECK would reject
  // values the spec allows.
  const setNoun = p.words.map(singularWord).some((word) => /^(status|state|role|stage|phase|type|kind|category|priority|level|visibility|mode|method|tier|channel|source|format|severity|frequency|period|plan|gender|direction|outcome|result|strategy|shift|difficulty|scope|sentiment|reason|unit|currency|language|platform|provider|gateway|action|event|origin|condition|class|classification|rating|size|interval)$/.test(word));
  const setWritten = p.hints.some((h) => /^(?:one of|enum|values?)\b|\||→|->/i.test(h.trim()));
  if (!setNoun && !setWritten) return undefined;
  if (context.strict && !has(p, /^(status|state|role|stage|phase|type|kind|category|priority|level|visibility)$/)) return undefined;
  const values = p.enumValues.map((v) => snakeCase(v));
  const longest = Math.max(...values.map((v) => v.length));
  const length = longest <= 32 ? 32 : 64;
  const stateLike = has(p, /^(status|state|role|stage|phase|visibility)$/);
  return {
    kind: 'attributes',
    attributes: [
      column(p, nameOf(p, /^(enum|enumeration)$/), `VARCHAR(${length})`, `One of: ${values.join(', ')}`, {
        enumValues: values,
        default: stateLike && !p.optional ? `'${values[0]}'` : undefined,
      }),
    ],
  };
}

/** "an active flag", "Active Status (Boolean)", "read/unread status", "revocation flag". */
function flag(p: Phrase): Recognition | undefined {
  const booleanHint = p.hints.some((h) => /^(boolean|bool|true\/false|yes\/no)$/i.test(h));
  const pair = /\b(\w+)\/(\w+)\b/.exec(p.raw);
  const pairIsBoolean = pair !== null && (pair[2].toLowerCase() === `un${pair[1].toLowerCase()}` || /^(public\/private|on\/off|yes\/no|true\/false|enabled\/disabled|visible\/hidden)$/i.test(pair[0]));
  // "read status", "completion status", "active state": a yes/no state named by an adjective or event.
  const adjectiveState = /^(read|active|enabled|verified|completed?|completion|withdrawn|withdrawal|revoked|revocation|archived|deleted|published|paid|banned|blocked|locked|visible|hidden|flagged|pinned|sticky|featured|default|approved|suspended)\s+(?:status|state|flag|indicator)$/i.exec(p.core.trim());
  if (adjectiveState && !p.enumValues) {
    const word = adjectiveState[1].toLowerCase();
    const participle = ({ completion: 'completed', complete: 'completed', withdrawal: 'withdrawn', revocation: 'revoked' } as Record<string, string>)[word] ?? word;
    const name = `is_${participle}`;
    return { kind: 'attributes', attributes: [column(p, name, 'BOOLEAN', `${sentenceCase(participle)} flag`, { default: participle === 'active' ? 'TRUE' : 'FALSE', nullable: false })] };
  }
  if (!booleanHint && !has(p, /^(flag|is|has|boolean|bool)$/) && !pairIsBoolean && !/^(active|enabled|verified|archived|deleted|published|visible|locked|paid)$/i.test(p.core)) return undefined;
  let base: string;
  if (pairIsBoolean && pair) base = pair[1].toLowerCase();
  else {
    const words = p.words.filter((w) => !/^(flag|status|boolean|bool|is|has|visibility|indicator)$/.test(w));
    base = words.map((w) => PARTICIPLES[w] ?? w).join('_') || 'active';
  }
  const name = /^(is|has|can)_/.test(base) ? base : `is_${base}`;
  const defaultsTrue = /^is_(active|enabled|visible|available)$/.test(name);
  return {
    kind: 'attributes',
    attributes: [column(p, name, 'BOOLEAN', `${sentenceCase(base.replace(/_/g, ' '))} flag`, { default: defaultsTrue ? 'TRUE' : 'FALSE', nullable: false })],
  };
}

/** "a JSON config", "predictions (a JSON array of labels)", "payload", "settings". */
function json(p: Phrase): Recognition | undefined {
  const saysJson = /\bjson\b/i.test(p.raw);
  if (!saysJson && !has(p, /^(config|configuration|settings|preferences|payload|metadata|options)$/)) return undefined;
  const name = nameOf(p, /^(json|jsonb|object|array|document)$/).replace(/configuration/g, 'config');
  const detail = p.typeHint ?? p.hints.find((h) => /json/i.test(h));
  const what = name.replace(/_/g, ' ');
  return { kind: 'attributes', attributes: [column(p, name, 'JSONB', detail ? `${what} (${detail})` : `${what} (JSON)`)] };
}

/** "the time it was scored" → scored_at; "expiry timestamp" → expires_at; "deadline"; "upload date"; "completedAt?". */
function time(p: Phrase): Recognition | undefined {
  const event = /\b(?:time|date|moment)\s+(?:when\s+)?(?:it|this|they)\s+(?:was|were|is|got)\s+(\w+)/i.exec(p.raw) ?? /\bwhen\s+(?:it|this)\s+(?:was|were)\s+(\w+)/i.exec(p.raw);
  if (event) {
    const participle = event[1].toLowerCase();
    return { kind: 'attributes', attributes: [column(p, `${participle}_at`, 'TIMESTAMPTZ', `When it was ${participle}`, { nullable: true })] };
  }
  const words = p.words;
  const last = words[words.length - 1] ?? '';
  const dateHint = p.hints.some((h) => /^date$/i.test(h));
  if (last === 'at' && words.length > 1) {
    const stem = words.slice(0, -1).join('_');
    // A past event ("completedAt") may not have happened yet; an expiry is set on creation.
    return { kind: 'attributes', attributes: [column(p, `${stem}_at`, 'TIMESTAMPTZ', `When it was ${stem.replace(/_/g, ' ')}`, { nullable: p.optional || /ed$/.test(stem) })] };
  }
  if (/^(timestamp|datetime)$/.test(last) && words.length > 1) {
    const stem = words.slice(0, -1).map((w) => PARTICIPLES[w] ?? w).join('_');
    return { kind: 'attributes', attributes: [column(p, `${stem}_at`, 'TIMESTAMPTZ', `${p.core}`, { nullable: p.optional || (/ed$/.test(stem) && stem !== 'expires') })] };
  }
  if (words.includes('date') || last === 'birthday' || dateHint || /^(dob|birthdate)$/.test(last)) {
    const birth = /birth|dob/.test(words.join(' '));
    return { kind: 'attributes', attributes: [column(p, nameOf(p), 'DATE', p.core, { sensitivity: birth ? 'Medium' : 'Low' })] };
  }
  if (/^(deadline|time|datetime|timestamp|expiry|expiration|due)$/.test(last) || /^(start|end)s?$/.test(p.core.toLowerCase())) {
    return { kind: 'attributes', attributes: [column(p, last === 'expiry' || last === 'expiration' ? 'expires_at' : nameOf(p), 'TIMESTAMPTZ', p.core)] };
  }
  return undefined;
}

/** "set of allergies", "an ordered list of steps", "tags": several short values in one column (TEXT[]). */
function valueList(p: Phrase): Recognition | undefined {
  const listOf = /^(?:(?:an?|the)\s+)?(?:(?:ordered|unordered|sorted)\s+)?(?:set|list|array)\s+of\s+(?:(?:stored|the|their|its)\s+)?([a-z][\w\s-]*)$/i.exec(p.core.trim());
  const tags = /^(?:\w+\s+)?(?:tags|labels|keywords|aliases)$/i.test(p.core.trim());
  if (!listOf && !tags) return undefined;
  const name = listOf ? snakeCase(listOf[1]) : nameOf(p);
  if (!name || name.split('_').length > 3) return undefined;
  return { kind: 'attributes', attributes: [column(p, name, 'TEXT[]', p.core)] };
}

/** Nutrients and physical measures: "calories", "protein", "latitude": NUMERIC. */
function physicalMeasure(p: Phrase): Recognition | undefined {
  if (!/^(calories|kcal|protein|proteins|carbohydrates?|carbs|fat|fats|sugars?|fiber|fibre|sodium|weight|height|width|depth|volume|distance|temperature|latitude|longitude|lat|lng|lon|altitude|elevation)$/i.test(p.words[p.words.length - 1] ?? '')) return undefined;
  return { kind: 'attributes', attributes: [column(p, nameOf(p), 'NUMERIC(10,2)', p.core)] };
}

/** "Duration (minutes)", "length in seconds": an INT with its unit in the name. */
function duration(p: Phrase): Recognition | undefined {
  const inline = /\b(?:in\s+)(seconds?|minutes?|hours?|days?)\b/i.exec(p.raw);
  const unit = p.unit ?? inline?.[1]?.toLowerCase();
  if (!unit && !has(p, /^(duration|timeout|ttl)$/)) return undefined;
  const units = unit ? (unit.endsWith('s') ? unit : `${unit}s`) : undefined;
  const base = snakeCase(p.core.replace(/\bin\s+\w+$/i, ''));
  const todo = units ? undefined : `TODO: ${base}: the spec does not say the unit; name it ${base}_<unit>.`;
  return { kind: 'attributes', attributes: [column(p, units ? `${base}_${units}` : base, 'INT', units ? `${sentenceCase(p.core)} in ${units}` : p.core, { todo })] };
}

/** "mileageKm", "distance in km", "weight (kg)": a measurement, with its unit in the name. */
function measurement(p: Phrase): Recognition | undefined {
  const unit = /^(km|kilometers?|kilometres?|miles?|meters?|metres?|cm|mm|kg|kilograms?|grams?|g|lbs?|liters?|litres?|l|kwh|bytes?|kb|mb|gb)$/i;
  const last = p.words[p.words.length - 1] ?? '';
  const hinted = p.hints.find((h) => unit.test(h.replace(/^in\s+/i, '')));
  if (!unit.test(last) && !hinted) return undefined;
  const name = hinted ? `${nameOf(p)}_${snakeCase(hinted.replace(/^in\s+/i, ''))}` : nameOf(p);
  const type = /bytes?|kb|mb|gb/i.test(last + (hinted ?? '')) ? 'BIGINT' : 'NUMERIC(10,2)';
  return { kind: 'attributes', attributes: [column(p, name, type, `${p.core}${hinted ? ` in ${hinted}` : ''}`)] };
}

/** "price", "amount", "subtotal (calculated)", "price snapshot": NUMERIC(12,2), never FLOAT. */
function money(p: Phrase): Recognition | undefined {
  if (!has(p, /^(price|prices|amount|cost|subtotal|total|fee|fees|balance|salary|tax|discount|revenue|refund)$/)) return undefined;
  if (/\bnumber\s+of\b|\bcount\b/i.test(p.core)) return undefined;
  const calculated = p.typeHint && /calculat|sum|comput|derived/i.test(p.typeHint) ? ` (${p.typeHint})` : '';
  return { kind: 'attributes', attributes: [column(p, nameOf(p), 'NUMERIC(12,2)', `${p.core}${calculated}`)] };
}

/** "a score between 0 and 1", "confidence", "percentage": DOUBLE PRECISION with its range. */
function score(p: Phrase): Recognition | undefined {
  if (!has(p, /^(score|ratio|percentage|percent|probability|confidence|accuracy|weight)$/)) return undefined;
  const range = rangeOf(p.raw);
  const name = snakeCase(p.core.replace(/\bbetween\b.*$/i, ''));
  return { kind: 'attributes', attributes: [column(p, name, 'DOUBLE PRECISION', range ? `${sentenceCase(name.replace(/_/g, ' '))} between ${range.low} and ${range.high}` : p.core, { range })] };
}

/** "the total number of items", "quantity", "position", "rank", "size": INT. */
function count(p: Phrase): Recognition | undefined {
  const numberOf = /\b(total\s+)?(?:number|count|amount)\s+of\s+(.+)$/i.exec(p.core);
  if (numberOf) {
    const what = snakeCase(numberOf[2]);
    return { kind: 'attributes', attributes: [column(p, numberOf[1] ? `total_${what}` : `${what}_count`, 'INT', p.core, { range: rangeOf(p.raw) })] };
  }
  if (!has(p, /^(count|quantity|position|rank|ranking|size|age|level|sequence|index|stock|capacity|seats|rating|year|version|attempts|retries)$/)) return undefined;
  const todo = has(p, /^size$/) && !p.unit ? `TODO: ${nameOf(p)}: the spec does not say the unit (bytes?).` : undefined;
  return { kind: 'attributes', attributes: [column(p, nameOf(p), 'INT', p.core, { range: rangeOf(p.raw), todo })] };
}

/** "a unique email", "email address (normalised)": VARCHAR(255), unique, personal data. */
function email(p: Phrase): Recognition | undefined {
  if (!has(p, /^(email|e-mail|mail)$/)) return undefined;
  const normalised = p.hints.some((h) => /normali[sz]ed|lower/i.test(h)) ? ' (stored normalised, lower-case)' : '';
  return { kind: 'attributes', attributes: [column(p, 'email', 'VARCHAR(255)', `Email address${normalised}`, { unique: true, sensitivity: 'Medium' })] };
}

function phone(p: Phrase): Recognition | undefined {
  if (!has(p, /^(phone|telephone|mobile)$/)) return undefined;
  return { kind: 'attributes', attributes: [column(p, nameOf(p).replace(/^telephone/, 'phone'), 'VARCHAR(32)', p.core, { sensitivity: 'Medium' })] };
}

function username(p: Phrase): Recognition | undefined {
  if (!/^(user\s*name|username|login|handle|nickname)$/i.test(p.core)) return undefined;
  return { kind: 'attributes', attributes: [column(p, 'username', 'VARCHAR(64)', 'Unique username', { unique: true, sensitivity: 'Medium' })] };
}

function address(p: Phrase): Recognition | undefined {
  if (!has(p, /^(address|street|city|postcode|zip|country|province|state)$/) || has(p, /^(ip|email|web)$/)) return undefined;
  if (has(p, /^state$/) && !has(p, /^(province|address)$/) && p.words.length > 1) return undefined;
  const length = has(p, /^address$/) ? 'TEXT' : has(p, /^(postcode|zip|postal)$/) ? 'VARCHAR(16)' : 'VARCHAR(128)';
  return { kind: 'attributes', attributes: [column(p, nameOf(p), length, p.core, { sensitivity: 'Medium' })] };
}

/** "the gold label (reference answer)": the hidden truth scoring compares against. CRITICAL. */
function goldAnswer(p: Phrase, context: RecognitionContext): Recognition | undefined {
  const text = [p.core, ...p.hints].join(' ');
  if (!/\b(gold|ground[\s-]truth|reference\s+(answer|label)|correct\s+answer|answer\s+key|expected\s+(answer|output|label))\b/i.test(text)) return undefined;
  // Name it after what the table holds when the spec's words include it ("reference answer" in dataset_answers → answer).
  const head = context.entityWords[context.entityWords.length - 1] ?? '';
  const name = head && new RegExp(`\\b${head}s?\\b`, 'i').test(text) ? head : nameOf(p, /^gold$/);
  return { kind: 'attributes', attributes: [column(p, name, 'TEXT', `${sentenceCase(p.core)}${p.hints.length ? ` (${p.hints.join('; ')})` : ''}`, { sensitivity: 'CRITICAL' })] };
}

/** "SKU (unique)", "unique order number", "code", "slug", "ISBN": short identifiers. */
function code(p: Phrase): Recognition | undefined {
  const last = p.words[p.words.length - 1] ?? '';
  if (!/^(sku|code|slug|isbn|barcode|reference|serial)$/.test(last) && !(last === 'number' && p.words.length > 1)) return undefined;
  return { kind: 'attributes', attributes: [column(p, nameOf(p), 'VARCHAR(64)', p.core)] };
}

function fileReference(p: Phrase): Recognition | undefined {
  if (!has(p, /^(filename|path|url|uri|link|mimetype|mime)$/) && !/\bfile\s*name\b|\bcontent\s+type\b|\bmime\s+type\b/i.test(p.core)) return undefined;
  const type = has(p, /^(url|uri|link|path)$/) ? 'TEXT' : 'VARCHAR(255)';
  return { kind: 'attributes', attributes: [column(p, nameOf(p).replace(/^file_name$/, 'filename'), type, p.core)] };
}

/** "a unique name", "display name", "title", "label": VARCHAR; a person's name is personal data. */
function nameOrTitle(p: Phrase, context: RecognitionContext): Recognition | undefined {
  const last = p.words[p.words.length - 1] ?? '';
  if (!/^(name|title|label|heading|subject|caption|surname|nickname)$/.test(last)) return undefined;
  const personal = context.person && /^(name|surname)$/.test(last) && !has(p, /^(metric|file|company|product|task|type)$/);
  const length = last === 'title' || last === 'subject' ? 'VARCHAR(200)' : 'VARCHAR(128)';
  return { kind: 'attributes', attributes: [column(p, nameOf(p), length, p.core, { sensitivity: personal ? 'Medium' : 'Low' })] };
}

/** "a description", "content", "one input text", "notes", "old value": TEXT. */
function longText(p: Phrase): Recognition | undefined {
  if (!has(p, /^(description|content|text|body|notes?|comments?|details|message|summary|bio|instructions|reason|value|input|output|answer|explanation|feedback|remarks)$/)) return undefined;
  return { kind: 'attributes', attributes: [column(p, nameOf(p), 'TEXT', p.core)] };
}

/** A status, priority or role without listed values: VARCHAR with a TODO for the values. */
function unlistedEnumeration(p: Phrase): Recognition | undefined {
  const last = p.words[p.words.length - 1] ?? '';
  if (!/^(status|state|priority|role|stage|phase|visibility|severity)$/.test(last)) return undefined;
  const name = nameOf(p);
  return {
    kind: 'attributes',
    attributes: [column(p, name, 'VARCHAR(32)', p.core, { todo: `TODO: ${name}: the spec does not list the allowed values; add them and a CHECK constraint.` })],
  };
}

/** "task type (for example classification)", "entityType", "category", "action": a short label. */
function kind(p: Phrase): Recognition | undefined {
  const last = p.words[p.words.length - 1] ?? '';
  if (!/^(type|kind|category|mode|method|format|language|locale|currency|metric|unit|channel|gender|action|event|source|timezone)$/.test(last)) return undefined;
  const description = p.examples.length > 0 ? p.core : p.core;
  return { kind: 'attributes', attributes: [column(p, nameOf(p), 'VARCHAR(64)', description)] };
}

/** "named" in "a named collection": the thing has a name. */
function namedAdjective(p: Phrase): Recognition | undefined {
  if (!/^(?:a|an|the|one)?\s*(?:uniquely\s+)?named\b/i.test(p.raw.trim())) return undefined;
  return { kind: 'attributes', attributes: [column(p, 'name', 'VARCHAR(128)', 'Name', { unique: /uniquely/i.test(p.raw) })] };
}

type Rule = (phrase: Phrase, context: RecognitionContext) => Recognition | undefined;

/** Rules with a clear signal, tried in this order (earlier rules are more specific). */
const TYPED_RULES: Rule[] = [
  primaryKey, auditTimestamps, password, secret, subParts, goldAnswer, enumeration, flag, json, valueList, time, duration, measurement, physicalMeasure, money,
  score, email, phone, username, address, code, count, fileReference, longText, unlistedEnumeration,
];
/** Rules that need an attribute-list context: a bare name or type is only an attribute when listed as one. */
const LISTED_RULES: Rule[] = [nameOrTitle, kind];

/**
 * Recognises one phrase. In strict mode (free prose such as "a named collection of items to
 * label") only clearly typed phrases count; in an attribute list every phrase is an
 * attribute, and one the rules do not know becomes TEXT with a TODO.
 */
export function recognizeAttribute(raw: string, context: RecognitionContext): Recognition {
  const phrase = parsePhrase(raw);
  const named = namedAdjective(phrase);
  if (named) return named;
  if (phrase.words.length === 0) return { kind: 'unknown' };
  for (const rule of TYPED_RULES) {
    const recognised = rule(phrase, context);
    if (recognised) return recognised;
  }
  if (context.strict) return { kind: 'unknown' };
  for (const rule of LISTED_RULES) {
    const recognised = rule(phrase, context);
    if (recognised) return recognised;
  }
  if (phrase.words.length > 4) return { kind: 'unknown' };
  const name = nameOf(phrase);
  const learned = learnedType(name);
  if (learned) return { kind: 'attributes', attributes: [column(phrase, name, learned, phrase.core)] };
  return {
    kind: 'attributes',
    attributes: [
      column(phrase, name, 'TEXT', phrase.core, {
        todo: `TODO: ${name}: type not clear from the spec ("${raw.trim()}"); TEXT until decided.`,
      }),
    ],
  };
}

/**
 * Columns a row does not have when it is created, whatever the spec's wording: free notes and
 * remarks, error details (only on failure), pictures, the last time something happened, and
 * the date of an event later in the row's life (completion, approval, withdrawal, expiry…).
 */
function absentUntilLater(name: string): boolean {
  return (
    /(^|_)(notes?|remarks?|comments?|errors?|failure|avatar|photos?|picture|logo)(_|$)/.test(name) ||
    /^last_/.test(name) ||
    /(^|_)(completion|withdrawal|approval|rejection|cancellation|resolution|expiration|expiry|publication|deletion|removal|archival|sent|delivered|paid|completed|resolved|reviewed|approved|rejected|cancelled|published|deleted|removed|archived|withdrawn|closed|confirmed)_(date|at|time|timestamp|on)$/.test(name)
  );
}

/** PostgreSQL types for the families real teams give a column name (name-families.ts). */
const TYPE_OF_FAMILY: Partial<Record<NameFamily, string>> = {
  text: 'TEXT', integer: 'INT', numeric: 'NUMERIC(12,2)', boolean: 'BOOLEAN', temporal: 'TIMESTAMPTZ', date: 'DATE',
  time: 'TIME', json: 'JSONB', array: 'TEXT[]', binary: 'BYTEA',
};

/**
 * The type most real data models give this name ("gst_rate", "points", "is_read"), by the
 * whole name or else its last word; undefined when the statistics do not know it.
 */
function learnedType(name: string): string | undefined {
  const words = name.split('_').map(singularWord);
  const family = FAMILY_BY_NAME.get(words.join('_')) ?? FAMILY_BY_LAST_WORD.get(words[words.length - 1] ?? '');
  return family ? TYPE_OF_FAMILY[family] : undefined;
}

/** Exposed for the requirements reader, which looks attributes up by name. */
export function phraseWords(raw: string): string[] {
  return parsePhrase(raw).words;
}
