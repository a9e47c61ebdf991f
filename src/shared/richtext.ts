/**
 * The rich-text allow-list shared by the server sanitizer (`platform/html.ts`, sanitize-html) and
 * the browser one (`web/components/safeHtml.ts`, DOMPurify), so both keep exactly the same markup:
 * what the editor produces (paragraphs, lists, emphasis, headings, line breaks) plus plain links.
 */

/** Tags kept; every other tag is removed (its text stays, unless listed in RICH_TEXT_DROP_WITH_CONTENT). */
export const RICH_TEXT_TAGS = [
  'p',
  'br',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'h3',
  'h4',
  'blockquote',
  'a',
];

/** Tags removed together with everything inside them (code, raw text, forms and their fields). */
export const RICH_TEXT_DROP_WITH_CONTENT = [
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'textarea',
  'select',
  'option',
  'noscript',
  'title',
  'template',
  'svg',
  'math',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
  'head',
];

/** Link schemes kept in `a[href]`; relative links (this site) are kept too. */
export const RICH_TEXT_SCHEMES = ['http', 'https', 'mailto'];

/** Browsers' contentEditable wraps each new line in a <div>: it is kept as a paragraph, not a run-on. */
export const RICH_TEXT_RENAME: Record<string, string> = { div: 'p' };

/** Every link opens in a new tab without handing the opener (or the referrer) to the other page. */
export const LINK_REL = 'noopener noreferrer';
export const LINK_TARGET = '_blank';
/** Class a link to another site gets, so the page can mark it (styles.css). */
export const EXTERNAL_LINK_CLASS = 'external';

/**
 * Whether a link leads off this site: any absolute http(s) URL, or a protocol-relative one
 * (`//host`, and `/\host`, which browsers read the same way). Browsers drop leading spaces and
 * control characters and every tab or newline of a URL, so the test does too.
 */
export function isExternalHref(href: string): boolean {
  const h = href.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^https?:/i.test(h) || /^[\\/]{2}/.test(h);
}
