import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, securityHeaders } from './security-headers.ts';

const response = () => new ServerResponse(new IncomingMessage(new Socket()));

describe('security headers worked out once', () => {
  const options: HelmetOptions[] = [
    {
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    },
    { strictTransportSecurity: false },
    {},
  ];

  it.each(options)('puts on a response exactly the headers helmet itself puts there (%#)', (opts) => {
    const byHelmet = response();
    byHelmet.setHeader('X-Powered-By', 'x');
    helmet(opts)(byHelmet.req, byHelmet, () => {});
    const once = securityHeaders(opts);
    const applied = response();
    applied.setHeader('X-Powered-By', 'x');
    applySecurityHeaders(once, applied);
    expect(applied.getHeaders()).toEqual(byHelmet.getHeaders());
    expect(applied.getHeaderNames()).toEqual(byHelmet.getHeaderNames());
    expect(applied.getHeader('x-powered-by')).toBeUndefined();
    expect(applied.getHeader('content-security-policy')).toBeTruthy();
  });
});
