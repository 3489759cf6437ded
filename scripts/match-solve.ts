/** npx tsx scripts/match-solve.ts FILE.json — same as `chungtay match solve FILE.json`. */
import { emit, runMatchSolveFile } from '#src/cli/match-solve.ts';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: match-solve FILE.json\n');
  process.exitCode = 2;
} else {
  emit(runMatchSolveFile(file));
}
