/**
 * Evaluates a CHECK expression for one column's value, in SQL's three-valued logic, for the
 * forms check constraints in data models actually take: comparisons, IN lists, BETWEEN,
 * IS [NOT] NULL, AND/OR/NOT, casts and a few string functions. Anything else (another
 * column, an unknown function) is "cannot tell", and the caller stays quiet.
 */

export type SqlValue = number | string | boolean | null;

/** Thrown when the expression is outside what this evaluator understands. */
export class CannotEvaluate extends Error {}

type Token = { kind: 'num' | 'str' | 'word' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new CannotEvaluate('unterminated string');
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      tokens.push({ kind: 'str', text });
    } else if (/[0-9.]/.test(c)) {
      const match = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(source.slice(i));
      if (!match) throw new CannotEvaluate(`bad number at ${i}`);
      tokens.push({ kind: 'num', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_"]/.test(c)) {
      const match = /^("[^"]+"|[A-Za-z_][\w$]*)/.exec(source.slice(i));
      // An unterminated or empty quoted name (`"x`, `""`) is not an expression we can judge.
      if (!match) throw new CannotEvaluate(`bad quoted name at ${i}`);
      tokens.push({ kind: 'word', text: match[0].replace(/"/g, '') });
      i += match[0].length;
    } else {
      const op = ['::', '<=', '>=', '<>', '!=', '||'].find((candidate) => source.startsWith(candidate, i)) ?? c;
      if (!['::', '<=', '>=', '<>', '!=', '||', '<', '>', '=', '(', ')', ',', '-', '+'].includes(op)) throw new CannotEvaluate(`operator ${op}`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

const FUNCTIONS: Record<string, (value: SqlValue) => SqlValue> = {
  length: (v) => (v === null ? null : String(v).length),
  char_length: (v) => (v === null ? null : String(v).length),
  character_length: (v) => (v === null ? null : String(v).length),
  lower: (v) => (v === null ? null : String(v).toLowerCase()),
  upper: (v) => (v === null ? null : String(v).toUpperCase()),
  trim: (v) => (v === null ? null : String(v).trim()),
  btrim: (v) => (v === null ? null : String(v).trim()),
};

function compare(a: SqlValue, b: SqlValue, op: string): boolean | null {
  if (a === null || b === null) return null;
  let x: SqlValue = a;
  let y: SqlValue = b;
  // An untyped literal compared with a number is read as a number, as PostgreSQL would.
  if (typeof x === 'number' && typeof y === 'string' && y.trim() !== '' && !Number.isNaN(Number(y))) y = Number(y);
  if (typeof y === 'number' && typeof x === 'string' && x.trim() !== '' && !Number.isNaN(Number(x))) x = Number(x);
  if (typeof x !== typeof y) throw new CannotEvaluate('mixed types');
  switch (op) {
    case '=':
      return x === y;
    case '<>':
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
  throw new CannotEvaluate(op);
}

const not = (v: boolean | null) => (v === null ? null : !v);

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly column: string | undefined,
    private readonly value: SqlValue,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }
  private isOp(op: string): boolean {
    const token = this.peek();
    return token?.kind === 'op' && token.text === op;
  }
  private expect(op: string) {
    if (!this.isOp(op)) throw new CannotEvaluate(`expected ${op}`);
    this.at++;
  }

  parseAll(): SqlValue {
    const result = this.or();
    if (this.at !== this.tokens.length) throw new CannotEvaluate('trailing tokens');
    return result;
  }

  private truth(value: SqlValue): boolean | null {
    if (value === null || typeof value === 'boolean') return value;
    throw new CannotEvaluate('not a boolean');
  }

  private or(): SqlValue {
    let left = this.and();
    while (this.isWord('OR')) {
      this.at++;
      const right = this.truth(this.and());
      const l = this.truth(left);
      left = l === true || right === true ? true : l === null || right === null ? null : false;
    }
    return left;
  }

  private and(): SqlValue {
    let left = this.negation();
    while (this.isWord('AND')) {
      this.at++;
      const right = this.truth(this.negation());
      const l = this.truth(left);
      left = l === false || right === false ? false : l === null || right === null ? null : true;
    }
    return left;
  }

  private negation(): SqlValue {
    if (this.isWord('NOT')) {
      this.at++;
      return not(this.truth(this.negation()));
    }
    return this.predicate();
  }

  private predicate(): SqlValue {
    const left = this.additive();
    if (this.isWord('IS')) {
      this.at++;
      const negated = this.isWord('NOT') ? (this.at++, true) : false;
      let result: boolean;
      if (this.isWord('NULL')) result = left === null;
      else if (this.isWord('TRUE')) result = left === true;
      else if (this.isWord('FALSE')) result = left === false;
      else throw new CannotEvaluate('IS what');
      this.at++;
      return negated ? !result : result;
    }
    const negated = this.isWord('NOT') && (this.isWord('IN', 1) || this.isWord('BETWEEN', 1)) ? (this.at++, true) : false;
    if (this.isWord('IN')) {
      this.at++;
      this.expect('(');
      const items: SqlValue[] = [this.additive()];
      while (this.isOp(',')) {
        this.at++;
        items.push(this.additive());
      }
      this.expect(')');
      const matches = items.map((item) => compare(left, item, '='));
      const result = matches.includes(true) ? true : matches.includes(null) ? null : false;
      return negated ? not(result) : result;
    }
    if (this.isWord('BETWEEN')) {
      this.at++;
      const low = this.additive();
      if (!this.isWord('AND')) throw new CannotEvaluate('BETWEEN without AND');
      this.at++;
      const high = this.additive();
      const a = compare(left, low, '>=');
      const b = compare(left, high, '<=');
      const result = a === false || b === false ? false : a === null || b === null ? null : true;
      return negated ? not(result) : result;
    }
    const token = this.peek();
    if (token?.kind === 'op' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.at++;
      return compare(left, this.additive(), token.text);
    }
    return left;
  }

  private additive(): SqlValue {
    let left = this.unary();
    while (this.isOp('||')) {
      this.at++;
      const right = this.unary();
      left = left === null || right === null ? null : String(left) + String(right);
    }
    return left;
  }

  private unary(): SqlValue {
    if (this.isOp('-') || this.isOp('+')) {
      const sign = this.peek()!.text;
      this.at++;
      const value = this.unary();
      if (value === null) return null;
      if (typeof value !== 'number') throw new CannotEvaluate('sign on a non-number');
      return sign === '-' ? -value : value;
    }
    return this.cast();
  }

  private cast(): SqlValue {
    const value = this.primary();
    while (this.isOp('::')) {
      this.at++;
      // The target type's name (and modifiers); numbers stay numbers, strings strings.
      if (this.peek()?.kind !== 'word') throw new CannotEvaluate('cast to what');
      while (this.peek()?.kind === 'word' && !['AND', 'OR', 'IS', 'IN', 'NOT', 'BETWEEN'].includes(this.peek()!.text.toUpperCase())) this.at++;
      if (this.isOp('(')) {
        while (this.peek() && !this.isOp(')')) this.at++;
        this.expect(')');
      }
    }
    return value;
  }

  private primary(): SqlValue {
    const token = this.peek();
    if (!token) throw new CannotEvaluate('unexpected end');
    this.at++;
    if (token.kind === 'num') return Number(token.text);
    if (token.kind === 'str') return token.text;
    if (token.kind === 'op' && token.text === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'NULL') return null;
      if (upper === 'TRUE') return true;
      if (upper === 'FALSE') return false;
      const fn = FUNCTIONS[token.text.toLowerCase()];
      if (fn && this.isOp('(')) {
        this.at++;
        const argument = this.or();
        this.expect(')');
        return fn(argument);
      }
      if (this.column !== undefined && token.text.toLowerCase() === this.column.toLowerCase()) return this.value;
    }
    throw new CannotEvaluate(`cannot evaluate ${token.text}`);
  }
}

/** The value of a literal default (`'queued'`, `0`, `TRUE`, `'x'::text`); throws CannotEvaluate for `NOW()`, `auto`, … */
export function literalValue(text: string): SqlValue {
  return new Parser(tokenize(text), undefined, null).parseAll();
}

/** The CHECK expression's truth for `column = value`; throws CannotEvaluate when it cannot tell. */
export function evaluateCheck(expression: string, column: string, value: SqlValue): boolean | null {
  const result = new Parser(tokenize(expression), column, value).parseAll();
  if (result !== null && typeof result !== 'boolean') throw new CannotEvaluate('not a boolean');
  return result;
}
