/** Generating a 40-entity data model, against reading back the document it writes. */
import { generateFromSpec } from '../../server/src/generate/index';
import { readMarkdown } from '../../server/src/markdown/reader';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { fortyEntitySpec } from './documents';
import { interleaved, median, ms, ratio } from './stats';

export function generateFigures(rounds = 9) {
  const spec = fortyEntitySpec();
  const options = { specReference: 'specs/900-operations/spec.md', date: '2026-01-01', idType: 'serial' as const, orm: 'SQLAlchemy (async)' };
  const generate = () => {
    const result = generateFromSpec(spec, options);
    if (!result.model) throw new Error(`the 40-entity spec did not generate: ${JSON.stringify(result.problems)}`);
    return writeMarkdown(result.model);
  };
  const written = generate();
  const entities = generateFromSpec(spec, options).model!.entities.length;
  const samples = interleaved({ generate, read: () => readMarkdown(written) }, rounds);
  const generated = median(samples.generate!);
  const read = median(samples.read!);
  return {
    input: { keyEntities: 40, entitiesGenerated: entities, documentLines: written.split('\n').length },
    runs: rounds,
    generateAndWriteMs: ms(generated),
    readWrittenDocumentMs: ms(read),
    ratioToRead: ratio(generated, read),
    targets: { under50ms: generated < 50 },
  };
}
