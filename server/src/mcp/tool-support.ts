/**
 * What every MCP tool of the server shares: the "document path or text" input, reading it
 * inside the workspace root with the CLI's own reader and size limit, progress notifications,
 * cancellation, and turning failures into tool errors with a clear message (the SDK reports a
 * thrown error as a tool result with `isError`, never as a crash of the server).
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { textSizeRefusal } from '../api/document-size';
import { CliError, readInput } from '../cli/io';
import type { Problem } from '../model/types';
import { DatabaseError } from '../postgres/database';
import { modules } from './tool-modules';
import { ToolInputError } from './tool-error';
import type { WorkspaceRoot } from './workspace-root';

export { ToolInputError };

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The fields of a tool that takes a data-model document: exactly one of them. */
export const documentInput = {
  path: z.string().min(1).optional().describe('Path of the data-model.md file, relative to the workspace root (or absolute inside it).'),
  text: z.string().optional().describe('The document itself, when it is not (yet) a file.'),
};

export interface DocumentSource {
  text: string;
  /** How findings name the document: the path relative to the root, or `<text>`. */
  name: string;
  /** The file's real path, when it came from one. */
  file?: string;
}

export async function readDocumentInput(root: WorkspaceRoot, input: { path?: string; text?: string }): Promise<DocumentSource> {
  if ((input.path === undefined) === (input.text === undefined)) throw new ToolInputError('give the document as either "path" or "text" (exactly one of them)');
  // The reader needs the SQL parser (foreign keys and constraints live in SQL fences).
  await modules.sqlFences().loadSqlParser();
  if (input.text !== undefined) {
    const refusal = textSizeRefusal(input.text);
    if (refusal) throw new ToolInputError(refusal);
    return { text: input.text, name: '<text>' };
  }
  const file = await root.existing(input.path!);
  const name = root.display(file);
  try {
    return { text: await readInput(file), name, file };
  } catch (error) {
    // readInput names the absolute path; the model knows the file by its relative name.
    if (error instanceof CliError) throw new ToolInputError(error.message.split(file).join(name));
    throw error;
  }
}

/** A problem (0-based range) as the tools return it: 1-based, like the CLI's output. */
export interface LocatedProblem {
  line: number;
  column: number;
  severity: string;
  message: string;
  code?: string;
}

export function located(problem: Problem): LocatedProblem {
  const { line, character } = problem.range.start;
  return { line: line + 1, column: character + 1, severity: problem.severity, message: problem.message, ...(problem.code ? { code: problem.code } : {}) };
}

export function formatLocated(name: string, problem: LocatedProblem): string {
  return `${name}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}${problem.code ? ` [${problem.code}]` : ''}`;
}

/**
 * Progress notifications for the request, when the client asked for them (a progress token):
 * each stage is one step, with its message.
 */
export function progressOf(extra: ToolExtra): (message: string) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => undefined;
  let step = 0;
  return (message) => {
    step++;
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, message } }).catch(() => undefined);
  };
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled by the client');
  }
}

export function throwIfCancelled(extra: ToolExtra): void {
  if (extra.signal.aborted) throw new CancelledError();
}

/** A result: the human text for the model, the same facts as structured content for programs. */
export function result(text: string, structured: Record<string, unknown>, isError = false): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured, ...(isError ? { isError: true } : {}) };
}

/** A UserFacingError of the database requests (their module is loaded here at the latest, on this error path only). */
function isUserFacing(error: unknown): boolean {
  return error instanceof modules.databaseRequests().UserFacingError;
}

/**
 * Wraps a tool's handler: errors meant for the user keep their message; anything else is an
 * "unexpected failure" with its message (never a stack), and the server goes on serving.
 */
export function handled<A>(tool: string, handler: (args: A, extra: ToolExtra) => Promise<CallToolResult>) {
  return async (args: A, extra: ToolExtra): Promise<CallToolResult> => {
    try {
      return await handler(args, extra);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const known = error instanceof ToolInputError || error instanceof CliError || isUserFacing(error) || error instanceof DatabaseError || error instanceof CancelledError;
      return { content: [{ type: 'text', text: known ? `${tool}: ${message}` : `${tool}: unexpected failure: ${message}` }], isError: true };
    }
  };
}
