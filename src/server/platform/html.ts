/**
 * Rich-text sanitizing for everything staff type into the editor (notice bodies, task content).
 * It runs on write (the services) and again on render (what the API answers), so rows stored
 * before a rule changed are harmless too. sanitize-html parses with htmlparser2 and re-serializes
 * only allow-listed tags with their allowed attributes; text is re-escaped, so nested or
 * malformed markup (`<<img …>img>`, `<img/src=x/onerror=…>`), comments and CDATA cannot come out
 * as a tag. The allow-list lives in `shared/richtext.ts` and the browser applies the same one.
 *
 * sanitize-html ≥ 2.17.7 carries the fixes for the raw-text bypasses (xmp, textarea inside svg/math);
 * its package asks for Node 22.12 because htmlparser2 12 is ESM-only, which Node 20.19+ loads too
 * (require(esm)); scripts/check-deps.mjs lists it as a known engines exception.
 */
import sanitize from 'sanitize-html';
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

const OPTIONS: sanitize.IOptions = {
  allowedTags: RICH_TEXT_TAGS,
  // Only a[href] comes from the input; rel, target and class are set by the transform below.
  allowedAttributes: { a: ['href', 'rel', 'target', 'class'] },
  allowedClasses: { a: [EXTERNAL_LINK_CLASS] },
  allowedSchemes: RICH_TEXT_SCHEMES,
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: RICH_TEXT_DROP_WITH_CONTENT,
  allowVulnerableTags: false,
  parseStyleAttributes: false,
  transformTags: {
    ...RICH_TEXT_RENAME,
    // Rebuilds the attributes from scratch: whatever rel/target/class the input carried is dropped.
    a: (_tagName, attribs) => {
      const href = attribs.href;
      const out: Record<string, string> = href === undefined ? {} : { href };
      out.rel = LINK_REL;
      out.target = LINK_TARGET;
      if (href !== undefined && isExternalHref(href)) out.class = EXTERNAL_LINK_CLASS;
      return { tagName: 'a', attribs: out };
    },
  },
};

/** Keeps the editor's rich-text subset and plain links; drops every other tag and attribute. */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS);
}
