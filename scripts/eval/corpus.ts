/**
 * The corpus of real spec-kit pairs the eval scores against: every folder holding `spec.md` and
 * `expect.json` under `<corpus>/pairs/` and `<corpus>/../examples/real-specs/`. The corpus lives
 * outside the repository (most pairs have no licence): it is read in place, never copied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { specLanguage } from '../../server/src/generate/languages';
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
      pairs.push({ name, group: path.basename(folder), spec, expect: JSON.parse(readFileSync(expectFile, 'utf8')), language: specLanguage(spec) });
    }
  }
  return pairs;
}
