#!/usr/bin/env node
// Runs the in-VS Code test suite; see test/vscode/runner/main.ts for the options.
//   node test/vscode/run.mjs [--vsix data-model.vsix] [--results FILE]
// A plain .mjs so `node` runs it with no flags: it registers tsx (a devDependency) in this
// process, then loads the TypeScript runner.
await import('tsx');
// main.ts is CommonJS (the package has no "type": "module"): its exports arrive as `default`.
const runner = await import('./runner/main.ts');
const { main } = runner.default ?? runner;
// Exit explicitly: a leftover handle (browser pipe, timer) must not keep CI waiting.
process.exit(await main(process.argv.slice(2)));
