import { canonicalJson, sha256Canonical } from '#src/core/versions/hash.ts';
import type { MouContent } from './types.ts';

export { canonicalJson };

/** The SHA-256 a signature records: of the exact version's text, not of a rendering. */
export function hashMouContent(content: MouContent): string {
  return sha256Canonical(content);
}
