#!/usr/bin/env node
// The `chungtay` command: runs the TypeScript sources through tsx (no build step), except
// `match solve FILE`, which runs a cached esbuild bundle of the solver (bin/solver-bundle.js).
const args = process.argv.slice(2);
const solve = args.length === 3 && args[0] === 'match' && args[1] === 'solve' && !args[2].startsWith('-');
if (!(solve && (await (await import('./solver-bundle.js')).runBundledSolve(args[2])))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
