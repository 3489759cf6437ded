import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv, publicUrlOf } from './env.ts';

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


describe('the file store configuration', () => {
  it('keeps files on the local disk by default', () => {
    expect(loadEnv({}).FILE_STORE).toBe('local');
  });

  it('needs a bucket for S3 and both halves of a key pair, naming each missing variable', () => {
    expect(() => loadEnv({ FILE_STORE: 's3', S3_ACCESS_KEY_ID: 'AKIA' })).toThrow(ConfigError);
    try {
      loadEnv({ FILE_STORE: 's3', S3_ACCESS_KEY_ID: 'AKIA' });
    } catch (err) {
      expect((err as Error).message).toContain('S3_BUCKET: required when FILE_STORE=s3');
      expect((err as Error).message).toContain('S3_SECRET_ACCESS_KEY');
    }
    const ok = loadEnv({ FILE_STORE: 's3', S3_BUCKET: 'chungtay', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'on' });
    expect(ok).toMatchObject({ S3_BUCKET: 'chungtay', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: 'on' });
  });
});

describe('the address users reach', () => {
  it('is PUBLIC_URL when set, else the address the server listens on', () => {
    expect(loadEnv({}).PUBLIC_URL).toBeUndefined();
    expect(publicUrlOf(loadEnv({}), 3000)).toBe('http://localhost:3000');
    expect(publicUrlOf(loadEnv({ PORT: '8080' }), 8080)).toBe('http://localhost:8080');
    expect(publicUrlOf(loadEnv({ HOST: '127.0.0.1' }), 41234)).toBe('http://127.0.0.1:41234');
    expect(publicUrlOf(loadEnv({ HOST: '::1' }), 41234)).toBe('http://[::1]:41234');
    expect(publicUrlOf(loadEnv({ PUBLIC_URL: 'https://chungtay.hanoi.edu.vn/' }), 3000)).toBe('https://chungtay.hanoi.edu.vn');
  });
});
