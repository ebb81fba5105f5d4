/**
 * `data-model`: the same server modules as the language server, for CI and terminals.
 * Exit codes: 0 success, 1 a problem with the input (or findings), 2 usage errors.
 */
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE } from './cli/io';
import { erdUsage, runErd } from './cli/erd-command';
import { generateUsage, runGenerate } from './cli/generate-command';
import { introspectUsage, runIntrospect } from './cli/introspect-command';
import { diffUsage, runDiff } from './cli/diff-command';
import { lintUsage, runLint } from './cli/lint-command';
import { mcpUsage, runMcp } from './cli/mcp-command';
import { ormUsage, runOrm } from './cli/orm-command';
import { runSql, sqlUsage } from './cli/sql-command';
import { runValidate, validateUsage } from './cli/validate-command';

type Command = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const commands: Record<string, { run: Command; usage: string; summary: string }> = {
  generate: { run: runGenerate, usage: generateUsage, summary: 'write data-model.md from a spec folder' },
  erd: { run: runErd, usage: erdUsage, summary: 'draw the ERD as SVG or PNG (headless Chromium)' },
  lint: { run: runLint, usage: lintUsage, summary: 'lint data-model documents (text, json or sarif)' },
  sql: { run: runSql, usage: sqlUsage, summary: 'compile a data-model document to a PostgreSQL migration' },
  validate: { run: runValidate, usage: validateUsage, summary: 'apply a document to PostgreSQL (embedded by default) and roll back' },
  introspect: { run: runIntrospect, usage: introspectUsage, summary: 'write a data-model document from a live PostgreSQL schema' },
  diff: { run: runDiff, usage: diffUsage, summary: 'report drift between a data-model document and a live schema or SQLAlchemy models' },
  orm: { run: runOrm, usage: ormUsage, summary: 'export SQLAlchemy models (classic or typed) from a data-model document' },
  mcp: { run: runMcp, usage: mcpUsage, summary: 'serve these tools to AI assistants (Model Context Protocol, stdio)' },
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
  const command = commands[name];
  if (!command) {
    err.write(`data-model: unknown command "${name}"\n\n${usage}\n`);
    return EXIT_USAGE;
  }
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
