/**
 * The language of a server-rendered public page (the portal's and the public pages',
 * docs/decisions/0027): `?lang=vi|en` (remembered in the `ct_lang` cookie the app reads too),
 * else the cookie, else the signed-in account's, else Vietnamese — as the app starts, whatever
 * the browser's Accept-Language says.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '#src/server/i18n/i18n.ts';

export const langQuery = z.object({ lang: z.enum(['vi', 'en']).optional() });

/** The page's language; a `?lang=` choice is remembered for the next pages (and the app). */
export function pageLangOf(request: FastifyRequest, reply: FastifyReply): Locale {
  const chosen = (request.query as { lang?: Locale } | undefined)?.lang;
  if (chosen === 'vi' || chosen === 'en') {
    reply.setCookie('ct_lang', chosen, { path: '/', maxAge: 31_536_000, sameSite: 'lax' });
    return chosen;
  }
  // Vietnamese unless chosen (here, in the app, or the account's setting): the app starts in
  // Vietnamese whatever the browser says, and the two must not disagree after signing in.
  const cookie = request.cookies.ct_lang;
  return cookie === 'en' || cookie === 'vi' ? cookie : (request.session?.locale ?? 'vi');
}
