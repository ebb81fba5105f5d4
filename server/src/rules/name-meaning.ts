/**
 * What a column's name says about its data: an amount of money, a count, a point in time.
 * Several rules read names this way (float for money, text for a time, count or amount), so
 * the word lists live here once.
 */
import { nameWords } from './model-queries';

/** Words that mark an amount of money in a column name. */
export const MONEY_WORDS: ReadonlySet<string> = new Set(['amount', 'price', 'cost', 'costs', 'balance', 'fee', 'fees', 'salary', 'wage', 'subtotal', 'tax', 'payment', 'refund', 'budget', 'revenue', 'income', 'charge', 'prices', 'amounts']);

/** What a name says its values are, judged on its last word (`starts_at`, `seat_count`, `total_amount`). */
export type NamedMeaning = 'timestamp' | 'date' | 'count' | 'amount';

/** Last words naming an amount: tighter than MONEY_WORDS, whose `tax`, `payment` or `charge` also end text names (`payment`, `charge` as a description). */
const AMOUNT_LAST = new Set(['amount', 'amounts', 'price', 'cost', 'fee', 'balance', 'salary', 'wage', 'subtotal', 'budget', 'revenue']);
const COUNT_LAST = new Set(['count', 'counts', 'quantity', 'qty']);

/**
 * The kind of value a name announces, or undefined when it does not say. Deliberately narrow:
 * `phone_number`, `order_number` and `tax_id` are text, so `number` and `id` say nothing; a
 * name announces a count only by ending in count/quantity or starting `num_`/`number_of_`.
 */
export function namedMeaning(name: string): NamedMeaning | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1];
  if (words.length >= 2 && last === 'at') return 'timestamp';
  if (last === 'timestamp' || (words.length >= 2 && last === 'time' && ['start', 'end', 'starts', 'ends', 'due', 'arrival', 'departure', 'event', 'pickup', 'delivery', 'expiry', 'expiration', 'login', 'logout'].includes(words[words.length - 2]))) return 'timestamp';
  if (last === 'date' || last === 'birthday' || last === 'dob' || (words.length >= 2 && last === 'on' && ['created', 'updated', 'born', 'due', 'expires', 'starts', 'ends', 'published'].includes(words[words.length - 2]))) return 'date';
  if (COUNT_LAST.has(last) || (words.length >= 2 && (words[0] === 'num' || (words[0] === 'number' && words[1] === 'of')))) return 'count';
  if (AMOUNT_LAST.has(last)) return 'amount';
  return undefined;
}
