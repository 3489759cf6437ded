/**
 * The campaign a page starts on: the newest one in force on `today` (issued, not yet ended),
 * else the newest one issued by then, else the first given. The list comes newest first; a
 * next phase opened ahead of time must not become the default before it begins.
 */
export function campaignInForce<C extends { issuedOn: string; endsOn: string }>(items: readonly C[], today: string): C | undefined {
  return items.find((c) => c.issuedOn <= today && today <= c.endsOn) ?? items.find((c) => c.issuedOn <= today) ?? items[0];
}
