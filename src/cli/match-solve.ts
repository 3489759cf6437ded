/**
 * `chungtay match solve FILE.json` — the pairing solver without the server.
 *
 * Reads a raw instance ({"left":[…],"right":[…],"edges":[…]}), prints
 * {"matched":N,"totalCost":X,"pairs":[…]} on stdout. Invalid input or an unreadable file:
 * a clear message on stderr (English and Vietnamese) and exit code 2. Kept apart from the
 * other commands so that it loads only the solver.
 */
import { readFileSync } from 'node:fs';
import type { InstanceIssue } from '#src/core/matching/instance.ts';
import { parseInstanceText } from '#src/core/matching/parse.ts';
import { solveAssignment } from '#src/core/matching/solve.ts';

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const EXIT_INVALID_INPUT = 2;

function formatIssues(errors: InstanceIssue[]): string {
  const lines = [`match solve: invalid instance / dữ liệu ghép cặp không hợp lệ:`];
  for (const e of errors) {
    const where = e.path ? `${e.path}: ` : '';
    lines.push(`  - ${where}${e.message}`);
    lines.push(`    ${where}${e.messageVi}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Solves instance text (or its UTF-8 bytes). Never throws for bad input. */
export function runMatchSolve(text: string | Uint8Array): CommandOutput {
  const v = parseInstanceText(text);
  if (!v.ok) return { exitCode: EXIT_INVALID_INPUT, stdout: '', stderr: formatIssues(v.errors) };
  const result = solveAssignment(v.instance);
  return { exitCode: 0, stdout: `${JSON.stringify(result)}\n`, stderr: '' };
}

/** Reads FILE and solves it; an unreadable file is exit code 2 as well. */
export function runMatchSolveFile(file: string): CommandOutput {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      exitCode: EXIT_INVALID_INPUT,
      stdout: '',
      stderr: `match solve: cannot read ${file} / không đọc được tệp ${file}: ${reason}\n`,
    };
  }
  return runMatchSolve(bytes);
}

/** Writes a command's output and sets the exit code (without cutting stdout short). */
export function emit(out: CommandOutput): void {
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}
