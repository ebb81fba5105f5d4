/** What the MCP server is started with: its workspace root and, optionally, a database of its own configuration. */
import type { WorkspaceRoot } from './workspace-root';

/** The environment variable that may name the database (the model never can). */
export const DATABASE_URL_ENV = 'DATA_MODEL_DATABASE_URL';

export interface McpConfig {
  root: WorkspaceRoot;
  /** From --database or $DATA_MODEL_DATABASE_URL at start; used by introspect, diff and validate's "configured". */
  databaseUrl?: string;
}
