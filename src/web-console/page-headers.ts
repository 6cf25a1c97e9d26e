/**
 * Headers on every page, module and library file. Scripts come only from this origin and never
 * inline, so text that slipped into the DOM as HTML still could not run. Styles allow inline
 * because vis-timeline's standalone build injects its stylesheet and positions items with style
 * attributes; styles cannot run code, and with connect-src, img-src and font-src limited to this
 * origin they cannot send anything elsewhere either. connect-src 'self' covers the same origin's
 * ws:/wss: for the timelineUpdated subscription.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
