/**
 * Security headers, computed once. JSON answers carry the few that matter to an API (OWASP REST
 * Security): nosniff, HSTS, and a CSP that lets nothing load or frame the response should a browser
 * open it. Helmet's browser set (with the CSP Swagger UI needs) goes only where a browser renders a
 * page: /docs. The fixed set is also what answers written before any hook runs carry (malformed
 * HTTP, oversized headers, URLs refused before routing, the shutdown 503).
 */
import type { HelmetOptions } from 'helmet';

export const apiSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
};

/** Where the browser pages are: Swagger UI. */
export const BROWSER_PAGES_PREFIX = '/docs';

export const browserPageHelmetOptions = {
  // Swagger UI loads its own scripts and styles, and inline styles and data: images.
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
} satisfies HelmetOptions;
