/**
 * The school list's cursor (`after`, `next`): where a page in name order ended, as an opaque
 * string (base64url of `[name, id]`), so that the next page is read from the name index where
 * this one stopped, however deep, instead of walking `offset` rows again.
 */
export interface ListCursor {
  name: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

function fromBase64Url(s: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/u.test(s)) return null;
  try {
    const binary = atob(s.replace(/-/gu, '+').replace(/_/gu, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeListCursor(c: ListCursor): string {
  return toBase64Url(JSON.stringify([c.name, c.id]));
}

/** The cursor a string stands for, or null when it is not one this API gave. */
export function decodeListCursor(s: string): ListCursor | null {
  const text = fromBase64Url(s);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [name, id] = value as unknown[];
  if (typeof name !== 'string' || typeof id !== 'string' || !UUID.test(id) || name.includes('\u0000')) return null;
  return { name, id };
}
