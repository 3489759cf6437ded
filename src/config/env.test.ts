import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './env.ts';

describe('proxy and rate-limit configuration', () => {
  it('believes no proxy and limits 1200 requests a minute unless told', () => {
    const env = loadEnv({});
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.RATE_LIMIT_PER_MINUTE).toBe(1200);
  });

  it('takes a hop count or the proxies addresses, and 0 to turn the limit off', () => {
    expect(loadEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).TRUST_PROXY).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(loadEnv({ RATE_LIMIT_PER_MINUTE: '0' }).RATE_LIMIT_PER_MINUTE).toBe(0);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadEnv({ TRUST_PROXY: 'yes please' })).toThrow(ConfigError);
    expect(() => loadEnv({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/u);
    expect(() => loadEnv({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/u);
  });
});
