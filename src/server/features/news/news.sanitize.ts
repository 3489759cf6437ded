/**
 * The one allow-list of HTML a news post may keep (applied on the server to whatever the
 * editor sends): paragraphs, headings, lists, quotes, emphasis and links to http(s)
 * addresses. Everything else — scripts, styles, event handlers, images, iframes, forms,
 * `javascript:` links — is removed, its text kept where it is text. Text is NFC.
 */
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a', 'hr'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Whole elements (with their text) dropped, not only their tags.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'template'],
  transformTags: {
    // Links leave the site without passing who sent the reader, and search engines do not follow them.
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    b: 'strong',
    i: 'em',
    h1: 'h2',
    h4: 'h3',
    h5: 'h3',
    h6: 'h3',
    div: 'p',
  },
  allowedSchemesByTag: {},
  enforceHtmlBoundary: false,
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};
// `rel` is added by the transform: let it through.
(OPTIONS.allowedAttributes as Record<string, string[]>).a!.push('rel');

/** The post's HTML as stored and shown: allow-listed tags and attributes only, NFC text. */
export function sanitizeNewsHtml(html: string): string {
  return sanitizeHtml(html.normalize('NFC'), OPTIONS)
    .replace(/<p>\s*<\/p>/gu, '')
    .trim();
}

/** The visible text of stored HTML (for the search key and "is it empty?"). */
export function textOfHtml(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|li|h2|h3|blockquote)>|<br\s*\/?>/gu, '$& '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/gu, ' ')
    .replace(/&amp;/gu, '&')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}
