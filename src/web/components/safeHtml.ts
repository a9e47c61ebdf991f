/**
 * The browser's own pass over stored rich text before it goes into the DOM (RichText). The server
 * already sanitizes on write and on render (`server/platform/html.ts`); this applies the same
 * allow-list (`shared/richtext.ts`) with DOMPurify, which works on the browser's own parse, so a
 * response that was tampered with or a row the server missed still cannot carry script, forms or
 * event handlers. Links get rel="noopener noreferrer" target="_blank", and links to another site
 * class="external" (styles.css marks them).
 */
import createDOMPurify from 'dompurify';
import {
  EXTERNAL_LINK_CLASS,
  LINK_REL,
  LINK_TARGET,
  RICH_TEXT_DROP_WITH_CONTENT,
  RICH_TEXT_RENAME,
  RICH_TEXT_SCHEMES,
  RICH_TEXT_TAGS,
  isExternalHref,
} from '../../shared/richtext.ts';

// A private instance: its hooks do not leak into any other user of DOMPurify.
const purify = createDOMPurify(window);

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const a = node as Element;
  a.setAttribute('rel', LINK_REL);
  a.setAttribute('target', LINK_TARGET);
  const href = a.getAttribute('href');
  if (href !== null && isExternalHref(href)) a.setAttribute('class', EXTERNAL_LINK_CLASS);
  else a.removeAttribute('class');
});

// http, https, mailto, or a relative link (no scheme before the first ':' / '/' / '?' / '#').
const URI = new RegExp(`^(?:(?:${RICH_TEXT_SCHEMES.join('|')}):|[^a-z]|[a-z+.\\-]+(?:[^a-z+.\\-:]|$))`, 'i');

const CONFIG = {
  ALLOWED_TAGS: [...RICH_TEXT_TAGS, ...Object.keys(RICH_TEXT_RENAME)],
  ALLOWED_ATTR: ['href'],
  ALLOWED_URI_REGEXP: URI,
  ADD_FORBID_CONTENTS: RICH_TEXT_DROP_WITH_CONTENT,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true as const,
};

/** Sanitized HTML for innerHTML; `div` becomes `p` as on the server. */
export function safeHtml(html: string): string {
  if (!html) return '';
  const fragment = purify.sanitize(html, CONFIG);
  for (const [from, to] of Object.entries(RICH_TEXT_RENAME)) {
    for (const el of Array.from(fragment.querySelectorAll(from))) {
      const renamed = document.createElement(to);
      renamed.append(...Array.from(el.childNodes));
      el.replaceWith(renamed);
    }
  }
  const box = document.createElement('div');
  box.append(fragment);
  return box.innerHTML;
}
