/** Reading a data-model document for the CLI commands that work on one. */
import { readMarkdown, type ReadResult } from '../markdown/reader';
import { loadSqlParser } from '../markdown/sql-fences';
import { readInput } from './io';

export async function readDocument(file: string): Promise<ReadResult & { text: string }> {
  await loadSqlParser();
  const text = await readInput(file);
  return { text, ...readMarkdown(text) };
}
