/**
 * The modules the tools run (the reader, the rules, the compiler, the databases, the ERD
 * renderer), loaded on a tool's first call instead of when the server starts: an MCP client
 * starts the server with every session and lists its tools at once, and loading all of this
 * would more than double that start (measured with `npm run bench -- --only mcp`). `require`
 * keeps each load lazy in the bundle; the types stay checked.
 */
function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

export const modules = {
  databaseRequests: lazy(() => require('../api/database-requests') as typeof import('../api/database-requests')),
  erd: lazy(() => require('../api/erd') as typeof import('../api/erd')),
  erdCommand: lazy(() => require('../cli/erd-command') as typeof import('../cli/erd-command')),
  fixDocument: lazy(() => require('../api/fix-document') as typeof import('../api/fix-document')),
  generateCommand: lazy(() => require('../cli/generate-command') as typeof import('../cli/generate-command')),
  generateDocument: lazy(() => require('../api/generate-document') as typeof import('../api/generate-document')),
  headless: lazy(() => require('../erd-render/headless') as typeof import('../erd-render/headless')),
  lintCommand: lazy(() => require('../cli/lint-command') as typeof import('../cli/lint-command')),
  lintDocument: lazy(() => require('../api/lint-document') as typeof import('../api/lint-document')),
  pgDatabase: lazy(() => require('../postgres/pg-database') as typeof import('../postgres/pg-database')),
  pglite: lazy(() => require('../postgres/pglite-database') as typeof import('../postgres/pglite-database')),
  reader: lazy(() => require('../markdown/reader') as typeof import('../markdown/reader')),
  rules: lazy(() => require('../rules/index') as typeof import('../rules/index')),
  securityProbes: lazy(() => require('../postgres/security-probes') as typeof import('../postgres/security-probes')),
  sqlFences: lazy(() => require('../markdown/sql-fences') as typeof import('../markdown/sql-fences')),
  validate: lazy(() => require('../postgres/validate') as typeof import('../postgres/validate')),
  validateCommand: lazy(() => require('../cli/validate-command') as typeof import('../cli/validate-command')),
};
