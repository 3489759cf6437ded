import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * A value no other factory call in this process has made ("th-7-3f9a"): factories
 * name their rows with it, so tests never collide and never depend on each other's
 * order. Lower-case ASCII, fit for codes and usernames.
 */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(2).toString('hex')}`;
}
