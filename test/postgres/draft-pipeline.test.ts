// The model-facing draft pipeline against scripted chat models (no language model runs here):
// a good draft, malformed JSON, a hallucinated table, an injection attempt in a name, a draft
// PostgreSQL rejects and then a repaired one, a model that fails, and one that never repairs.
// The referee is the real embedded PostgreSQL (PGlite), never mocked. The spec is our own
// example (test/fixtures/drafts/tool-lending-spec.md), written for these tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { embeddedReferee } from '../../server/src/drafts/database-referee';
import type { ChatMessage, ChatModel } from '../../server/src/drafts/chat-model';
import { draftWithModel, type DraftOutcome } from '../../server/src/drafts/draft-pipeline';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { closeWarmPglite } from '../../server/src/postgres/pglite-database';
import { compileDdl } from '../../server/src/sql/ddl';
import { generateFromSpec } from '../../server/src/generate';
import { writeMarkdown } from '../../server/src/markdown/writer';

const spec = readFileSync(path.join(__dirname, '../fixtures/drafts/tool-lending-spec.md'), 'utf8');
const options = { specReference: 'specs/001-tool-lending/spec.md', date: '2026-01-02', idType: 'serial' as const, orm: 'SQLAlchemy (async)' };
const referee = embeddedReferee(path.join(tmpdir(), 'data-model-test-pglite'));

/** A model that gives its scripted answers in turn (the last one again when asked more), and keeps what it was sent. */
function scripted(...answers: (string | Error)[]): ChatModel & { received: ChatMessage[][] } {
  const received: ChatMessage[][] = [];
  return {
    name: 'Scripted',
    received,
    async send(messages) {
      received.push([...messages]);
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const json = (changes: unknown[]) => `Here are my changes:\n\`\`\`json\n${JSON.stringify({ changes })}\n\`\`\``;

const binLabel = { op: 'add_column', table: 'tools', column: { name: 'bin_label', type: 'VARCHAR(32)', nullable: false, description: 'Printed label of its storage bin' }, because: 'kept in a storage bin with a printed bin label' };
const coordinator = { op: 'add_role', role: 'Coordinator', because: 'Coordinators MUST be able to see every loan' };
const coordinatorReadsLoans = { op: 'set_access', table: 'loans', role: 'Coordinator', access: 'read', because: 'Coordinators MUST be able to see every loan' };

function tableNames(outcome: DraftOutcome): string[] {
  return readMarkdown(outcome.markdown).model.entities.map((entity) => entity.name);
}

function draft(model: ChatModel): Promise<DraftOutcome> {
  return draftWithModel(spec, { ...options, model, referee });
}

describe('drafts from a chat model, refereed', () => {
  let deterministic: string;

  before(async () => {
    await loadSqlParser();
    deterministic = writeMarkdown(generateFromSpec(spec, options).model!);
  });

  after(() => closeWarmPglite());

  it('a good draft: the changes are applied, completed by the conventions, and pass lint and PostgreSQL', async () => {
    const model = scripted(json([binLabel, coordinator, coordinatorReadsLoans]));
    const outcome = await draft(model);
    assert.equal(outcome.source, 'model', outcome.message);
    assert.deepEqual(outcome.remaining, []);
    assert.equal(outcome.repairRounds, 0);
    assert.deepEqual(outcome.applied.map((entry) => entry.because), [binLabel.because, coordinator.because, coordinatorReadsLoans.because]);
    const { model: read } = readMarkdown(outcome.markdown);
    const tools = read.entities.find((entity) => entity.name === 'tools')!;
    assert.ok(tools.columns.some((column) => column.name === 'bin_label' && column.type === 'VARCHAR(32)' && !column.nullable));
    // Completed: the diagram shows the new column, the role has a column in the security table.
    assert.ok(read.diagram.entities.find((entity) => entity.name === 'TOOLS')!.attributes.some((attribute) => attribute.name === 'bin_label'));
    assert.ok(read.roles.includes('Coordinator'));
    assert.equal(read.security.find((row) => row.table === 'loans')!.access.Coordinator?.level, 'read');
    // The prompt held the spec and the deterministic draft, and no database URL.
    const prompt = model.received[0]!.map((message) => message.content).join('\n');
    assert.ok(prompt.includes('Each tool is kept in a storage bin') && prompt.includes(deterministic.split('\n')[0]!));
    assert.doesNotMatch(prompt, /postgres(ql)?:\/\//);
  });

  it('malformed JSON falls back to the deterministic draft, with a message', async () => {
    const outcome = await draft(scripted('Sure! {"changes": [ {"op": "add_column", '));
    assert.equal(outcome.source, 'deterministic');
    assert.equal(outcome.markdown, deterministic);
    assert.match(outcome.message ?? '', /not valid JSON.*deterministic draft is offered/);
  });

  it('an answer outside the schema, and a model that fails, fall back too', async () => {
    const wrongShape = await draft(scripted(json([{ op: 'drop_table', table: 'tools', because: 'Members MUST be able to borrow tools' }])));
    assert.equal(wrongShape.source, 'deterministic');
    assert.match(wrongShape.message ?? '', /does not match the change schema/);
    const failing = await draft(scripted(new Error('the request quota is exhausted')));
    assert.equal(failing.source, 'deterministic');
    assert.match(failing.message ?? '', /did not answer: the request quota is exhausted/);
    assert.equal(failing.markdown, deterministic);
  });

  it('a hallucinated table (no spec phrase) and a change to a table that does not exist are rejected; the rest is kept', async () => {
    const outcome = await draft(
      scripted(
        json([
          { op: 'add_table', table: 'loyalty_points', columns: [{ name: 'points', type: 'INTEGER' }], because: 'members earn loyalty points for each loan' },
          { op: 'add_column', table: 'invoices', column: { name: 'total', type: 'NUMERIC(10,2)' }, because: 'Members MUST be able to borrow tools' },
          binLabel,
        ]),
      ),
    );
    assert.equal(outcome.source, 'model');
    assert.deepEqual(tableNames(outcome), ['members', 'tools', 'loans']);
    assert.deepEqual(
      outcome.rejected.map((entry) => entry.reason),
      ['the spec does not say "members earn loyalty points for each loan"', 'no table "invoices" in the draft'],
    );
    assert.equal(outcome.applied.length, 1);
    assert.deepEqual(outcome.remaining, []);
  });

  it('a table named like SQL stays a name: quoted by the compiler, nothing else runs, the other tables survive validation', async () => {
    const hostile = 'x; DROP TABLE tools';
    const outcome = await draft(scripted(json([{ op: 'add_table', table: hostile, columns: [{ name: 'note', type: 'TEXT' }], because: 'Members MUST be able to borrow tools from the shared shed' }])));
    assert.equal(outcome.source, 'model');
    const { model: read } = readMarkdown(outcome.markdown);
    assert.ok(read.entities.some((entity) => entity.name === hostile), tableNames(outcome).join(', '));
    const compiled = compileDdl(read);
    assert.ok(compiled.statements.some((statement) => statement.sql.includes('CREATE TABLE "x; DROP TABLE tools"')), compiled.sql.slice(0, 2000));
    assert.ok(compiled.statements.every((statement) => !/^\s*DROP\s+TABLE/i.test(statement.sql)));
    // PostgreSQL (the referee) saw every table: nothing complains that tools is gone.
    const problems = await referee(outcome.markdown);
    assert.ok(problems.every((problem) => !/relation .*tools.* does not exist/i.test(problem.message)), JSON.stringify(problems));
  });

  it('a draft PostgreSQL rejects goes back to the model with the finding, and the repaired draft is taken', async () => {
    const bad = { op: 'set_type', table: 'tools', column: 'condition', type: 'CONDITION_KIND', because: 'a condition (new, used, broken)' };
    const good = { ...bad, type: 'VARCHAR(16)' };
    const model = scripted(json([bad, binLabel]), json([good, binLabel]));
    const outcome = await draft(model);
    assert.equal(outcome.source, 'model');
    assert.equal(outcome.repairRounds, 1);
    assert.deepEqual(outcome.remaining, []);
    assert.equal(model.received.length, 2);
    const repairRequest = model.received[1]!.at(-1)!.content;
    assert.match(repairRequest, /condition_kind/i, 'the finding about the unknown type was sent back');
    const tools = readMarkdown(outcome.markdown).model.entities.find((entity) => entity.name === 'tools')!;
    assert.equal(tools.columns.find((column) => column.name === 'condition')!.type, 'VARCHAR(16)');
  });

  it('what still fails after two repair rounds is written as TODO lines under its table', async () => {
    const bad = { op: 'set_type', table: 'tools', column: 'condition', type: 'CONDITION_KIND', because: 'a condition (new, used, broken)' };
    const model = scripted(json([bad]));
    const outcome = await draft(model);
    assert.equal(outcome.source, 'model');
    assert.equal(outcome.repairRounds, 2);
    assert.equal(model.received.length, 3, 'one draft and two repair requests');
    assert.ok(outcome.remaining.length > 0);
    assert.match(outcome.message ?? '', /still reported after 2 repair round\(s\); written as TODO lines/);
    const tools = readMarkdown(outcome.markdown).model.entities.find((entity) => entity.name === 'tools')!;
    assert.ok(tools.notes.some((note) => /^TODO: (PostgreSQL|lint) still reports .*condition_kind/i.test(note)), JSON.stringify(tools.notes));
  });
});
