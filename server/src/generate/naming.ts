import pluralize from 'pluralize';

/**
 * Naming conventions: how spec words become PostgreSQL identifiers. Tables are snake_case
 * plurals (`Dataset Item` → `dataset_items`), columns snake_case singulars, constraint names
 * use the table's singular (`fk_submission_task`, `chk_user_role`).
 */

/** Splits `parentTaskId`, `Dataset Item`, `state/province`, `e-mail` into lower-case words. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function snakeCase(text: string): string {
  return wordsOf(text).join('_');
}

/** Plural of the last word only: `dataset item` → `dataset items`. */
export function pluralWords(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  return [...words.slice(0, -1), pluralize.plural(words[words.length - 1])];
}

export function singularWord(word: string): string {
  // pluralize turns `data` into `datum` and `status` stays; keep a few mass nouns as they are.
  if (/^(data|metadata|status|series|news|analysis|address|access|process)$/.test(word)) return word;
  return pluralize.singular(word);
}

export function singularWords(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  return [...words.slice(0, -1), singularWord(words[words.length - 1])];
}

/** `Dataset Item` → `dataset_items`; `Staff/Admin` → `staff` (the first of the alternatives). */
export function tableNameFor(entityName: string): string {
  return pluralWords(wordsOf(entityName)).join('_');
}

/** `dataset_items` → `dataset_item`, for constraint names. */
export function singularTableName(tableName: string): string {
  const parts = tableName.split('_');
  return singularWords(parts).join('_');
}

/**
 * Column names PostgreSQL reserves (a subset that spec attributes actually hit); such a
 * column gets its table's singular as a prefix (`order` → `item_order`) so no quoting is needed.
 */
const RESERVED_COLUMN_NAMES = new Set([
  'order', 'user', 'group', 'table', 'check', 'default', 'limit', 'offset', 'end', 'from', 'to',
  'select', 'where', 'primary', 'references', 'column', 'constraint', 'desc', 'asc', 'all', 'any',
  'case', 'do', 'else', 'for', 'in', 'is', 'not', 'null', 'on', 'or', 'and', 'some', 'union', 'user',
  'date', 'time', 'timestamp',
]);

export function safeColumnName(name: string, tableSingular: string): string {
  return RESERVED_COLUMN_NAMES.has(name) ? `${tableSingular.split('_').pop()}_${name}` : name;
}

/** An enumeration value as stored: `In Progress` → `in_progress`, `OrderCreated` → `order_created`. */
export function enumValueFor(label: string): string {
  return snakeCase(label);
}

/** `annotator` → `Annotator`, `staff admin` → `Staff Admin`: role names as the security table shows them. */
export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
