import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerMatchCommands } from './match-command.ts';
import { runMatchSolve, runMatchSolveFile } from './match-solve.ts';

describe('match solve command', () => {
  it('prints the result JSON', () => {
    const out = runMatchSolve(
      '{"left":[{"id":"L1","capacity":1}],"right":[{"id":"R1","capacity":1}],"edges":[{"left":"L1","right":"R1","cost":12.5}]}',
    );
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({ matched: 1, totalCost: 12.5, pairs: [{ left: 'L1', right: 'R1', cost: 12.5 }] });
  });

  it('refuses invalid input with exit code 2 and a message naming the item', () => {
    const out = runMatchSolve('{"left":[{"id":"L1","capacity":1.5}],"right":[],"edges":[{"left":"L1","right":"R9","cost":1}]}');
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('left[0].capacity');
    expect(out.stderr).toContain('edges[0].right: unknown right id "R9"');
    expect(out.stderr).toContain('số nguyên dương');
    expect(runMatchSolve('not json').exitCode).toBe(2);
  });

  it('an unreadable file is exit code 2', () => {
    const out = runMatchSolveFile('/nonexistent/instance.json');
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain('cannot read');
  });

  it('registers `match run` and `match solve <file>`', () => {
    const program = new Command();
    registerMatchCommands(program);
    const match = program.commands.find((c) => c.name() === 'match');
    expect(match?.commands.map((c) => c.name())).toEqual(['run', 'solve']);
  });
});
