/**
 * `data-model`: the same server modules as the language server, for CI and terminals.
 * Exit codes: 0 success, 1 a problem with the input (or findings), 2 usage errors.
 */
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE } from './cli/io';

type Command = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

interface CommandModule {
  run: Command;
  usage: string;
}

/**
 * Each command's module is loaded when that command runs (`require`, which the bundler keeps
 * lazy): a run of `lint` never initialises the SQL compiler's database drivers, the ERD
 * renderer or the MCP SDK, and `data-model mcp` starts without loading what its tools load on
 * their first call.
 */
const commands: Record<string, { load: () => CommandModule; summary: string }> = {
  generate: {
    load: () => {
      const m = require('./cli/generate-command') as typeof import('./cli/generate-command');
      return { run: m.runGenerate, usage: m.generateUsage };
    },
    summary: 'write data-model.md from a spec folder',
  },
  erd: {
    load: () => {
      const m = require('./cli/erd-command') as typeof import('./cli/erd-command');
      return { run: m.runErd, usage: m.erdUsage };
    },
    summary: 'draw the ERD as SVG or PNG (headless Chromium)',
  },
  lint: {
    load: () => {
      const m = require('./cli/lint-command') as typeof import('./cli/lint-command');
      return { run: m.runLint, usage: m.lintUsage };
    },
    summary: 'lint data-model documents (text, json or sarif)',
  },
  sql: {
    load: () => {
      const m = require('./cli/sql-command') as typeof import('./cli/sql-command');
      return { run: m.runSql, usage: m.sqlUsage };
    },
    summary: 'compile a data-model document to a PostgreSQL migration',
  },
  validate: {
    load: () => {
      const m = require('./cli/validate-command') as typeof import('./cli/validate-command');
      return { run: m.runValidate, usage: m.validateUsage };
    },
    summary: 'apply a document to PostgreSQL (embedded by default) and roll back',
  },
  introspect: {
    load: () => {
      const m = require('./cli/introspect-command') as typeof import('./cli/introspect-command');
      return { run: m.runIntrospect, usage: m.introspectUsage };
    },
    summary: 'write a data-model document from a live PostgreSQL schema',
  },
  diff: {
    load: () => {
      const m = require('./cli/diff-command') as typeof import('./cli/diff-command');
      return { run: m.runDiff, usage: m.diffUsage };
    },
    summary: 'report drift between a data-model document and a live schema or SQLAlchemy models',
  },
  orm: {
    load: () => {
      const m = require('./cli/orm-command') as typeof import('./cli/orm-command');
      return { run: m.runOrm, usage: m.ormUsage };
    },
    summary: 'export SQLAlchemy models (classic or typed) from a data-model document',
  },
  migrate: {
    load: () => {
      const m = require('./cli/migrate-command') as typeof import('./cli/migrate-command');
      return { run: m.runMigrate, usage: m.migrateUsage };
    },
    summary: 'write the migration from a previous version of a document (git HEAD by default)',
  },
  mcp: {
    load: () => {
      const m = require('./cli/mcp-command') as typeof import('./cli/mcp-command');
      return { run: m.runMcp, usage: m.mcpUsage };
    },
    summary: 'serve these tools to AI assistants (Model Context Protocol, stdio)',
  },
};

const usage = `Usage: data-model <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(12)}${command.summary}`)
  .join('\n')}

Run "data-model <command> --help" for a command's options.`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    (name ? out : err).write(`${usage}\n`);
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const entry = commands[name];
  if (!entry) {
    err.write(`data-model: unknown command "${name}"\n\n${usage}\n`);
    return EXIT_USAGE;
  }
  const command = entry.load();
  try {
    return await command.run(rest, out, err);
  } catch (error) {
    if (error instanceof CliError) {
      err.write(`data-model ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    // parseArgs reports unknown options and missing values with these codes.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      err.write(`data-model ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    err.write(`data-model ${name}: unexpected failure: ${(error as Error).message ?? String(error)}\n`);
    return EXIT_INPUT;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`data-model: ${String(error)}\n`);
      process.exitCode = EXIT_INPUT;
    },
  );
}
