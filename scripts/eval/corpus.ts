/**
 * The corpus of real spec-kit pairs the eval scores against: every folder holding `spec.md` and
 * `expect.json` under `<corpus>/pairs/` and `<corpus>/../examples/real-specs/`. The corpus lives
 * outside the repository (most pairs have no licence): it is read in place, never copied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Expectation } from './expect';

export interface Pair {
  name: string;
  /** `pairs` or `real-specs`. */
  group: string;
  spec: string;
  expect: Expectation;
  /** `en`, or the language the spec is mostly written in. */
  language: string;
}

export function loadCorpus(corpusDir: string): Pair[] {
  const folders = [path.join(corpusDir, 'pairs'), path.join(corpusDir, '..', 'examples', 'real-specs')];
  const pairs: Pair[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      const dir = path.join(folder, name);
      const specFile = path.join(dir, 'spec.md');
      const expectFile = path.join(dir, 'expect.json');
      if (!existsSync(specFile) || !existsSync(expectFile)) continue;
      const spec = readFileSync(specFile, 'utf8');
      pairs.push({ name, group: path.basename(folder), spec, expect: JSON.parse(readFileSync(expectFile, 'utf8')), language: languageOf(spec) });
    }
  }
  return pairs;
}

/** Function words that tell the languages of the corpus apart. */
const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'with', 'for', 'must', 'should', 'user', 'when', 'each'],
  es: ['el', 'la', 'los', 'las', 'de', 'del', 'y', 'que', 'para', 'con', 'debe', 'una', 'por'],
  fr: ['le', 'la', 'les', 'des', 'et', 'du', 'une', 'pour', 'avec', 'doit', 'est', 'dans'],
  it: ['il', 'lo', 'gli', 'della', 'delle', 'e', 'di', 'che', 'per', 'con', 'deve', 'una', 'sono'],
  de: ['der', 'die', 'das', 'und', 'ist', 'mit', 'für', 'ein', 'eine', 'muss', 'nicht', 'den'],
  pt: ['o', 'os', 'as', 'do', 'da', 'dos', 'e', 'que', 'para', 'com', 'deve', 'uma', 'não'],
};

/** The spec's language: Chinese or Japanese by script, otherwise by function words. */
export function languageOf(text: string): string {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
  const kana = (prose.match(/[\u3040-\u30ff]/g) ?? []).length;
  const han = (prose.match(/[\u4e00-\u9fff]/g) ?? []).length;
  if (kana > 200) return 'ja';
  if (han > 400) return 'zh';
  const words = prose.toLowerCase().match(/[a-zà-ÿ]+/g) ?? [];
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  let best = 'en';
  let bestScore = -1;
  for (const [language, list] of Object.entries(FUNCTION_WORDS)) {
    const score = list.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0);
    if (score > bestScore) [best, bestScore] = [language, score];
  }
  return best;
}
