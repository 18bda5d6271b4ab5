/**
 * The security headers (helmet) every response carries, as options for @fastify/helmet and as a
 * fixed header set for the answers written before any hook runs (malformed HTTP, oversized
 * headers, URLs refused before routing, the shutdown 503).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export const helmetOptions = {
  // Swagger UI at /docs loads its own scripts and styles, and inline styles and data: images.
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

/** What helmet sets with these options, collected once by running it against a recording response. */
function collectHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(helmetOptions)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}

export const securityHeaders: Readonly<Record<string, string>> = collectHeaders();
