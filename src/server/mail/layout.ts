/**
 * The frame of every mail: the caller's body, a button (and a plain line) linking back to the
 * item, and a footer with the link that stops this kind of message. HTML and plain text say
 * the same thing; texts are NFC so that diacritics are one code point each in every client.
 */
import { translate, type Locale } from '#src/server/i18n/i18n.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML: callers building `html` escape every value they put in it. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/gu, (c) => ESCAPES[c]!);
}

/** Plain text as HTML paragraphs (blank lines separate paragraphs). */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/u)
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p.trim()).replace(/\n/gu, '<br>')}</p>`)
    .join('\n');
}

/** A path of the web app (`/app/pairs/…`) becomes an address under the public URL. */
export function absoluteLink(publicUrl: string, link: string): string {
  if (/^https?:\/\//u.test(link)) return link;
  return `${publicUrl.replace(/\/+$/u, '')}/${link.replace(/^\/+/u, '')}`;
}

export interface LayoutInput {
  locale: Locale;
  subject: string;
  html: string;
  text: string;
  link: string | null;
  unsubscribeUrl: string | null;
}

export function renderLayout(m: LayoutInput): { subject: string; html: string; text: string } {
  const t = (key: string) => translate(m.locale, `mail.${key}`);
  const subject = m.subject.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const button = m.link
    ? `<p style="margin:20px 0"><a href="${escapeHtml(m.link)}" style="background:#0b4f8a;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(t('open'))}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#555">${escapeHtml(t('linkLine'))} <a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>`
    : '';
  const footer = `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">
<p style="margin:0;font-size:12px;color:#666">${escapeHtml(t('footer'))}${
    m.unsubscribeUrl ? ` <a href="${escapeHtml(m.unsubscribeUrl)}">${escapeHtml(t('unsubscribe'))}</a>` : ''
  }</p>`;
  const html = `<!doctype html>
<html lang="${m.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f7fa">
<div style="max-width:600px;margin:0 auto;padding:20px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f1f1f">
<p style="margin:0 0 16px;font-weight:bold;color:#0b4f8a">${escapeHtml(t('brand'))}</p>
${m.html.normalize('NFC')}
${button}
${footer}
</div>
</body>
</html>
`;
  const lines = [m.text.normalize('NFC').trim(), ''];
  if (m.link) lines.push(`${t('open')}: ${m.link}`, '');
  lines.push('-- ', t('footer'));
  if (m.unsubscribeUrl) lines.push(`${t('unsubscribe')}: ${m.unsubscribeUrl}`);
  return { subject, html, text: `${lines.join('\n')}\n` };
}
