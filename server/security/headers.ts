/**
 * Security headers (helmet) with a strict Content Security Policy: scripts
 * only from this server's files (the pages have no inline script; data for
 * the scripts travels in <script type="application/json"> blocks, which are
 * not executed), no plugins, no framing, forms posting only here.
 *
 * style-src allows 'unsafe-inline' for styles only: form-js and bpmn-js set
 * style attributes on the elements they draw (positions, sizes, colours of
 * the diagram and the form's layout), which a CSP without it would block.
 * Inline styles cannot run code. img-src and font-src allow data: URIs for
 * the icons and the BPMN font that the packages' style sheets embed.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (a local start) upgrading would break every request.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: true },
  });
}
