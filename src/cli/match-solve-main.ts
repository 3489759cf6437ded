/** The entry point `bin/solver-bundle.js` bundles: `match solve` and nothing else. */
import { emit, runMatchSolveFile } from './match-solve.ts';

export function solveFile(file: string): void {
  emit(runMatchSolveFile(file));
}
