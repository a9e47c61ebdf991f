import { describe, expect, it } from 'vitest';
import { configWarnings, loadConfig } from './config.ts';

/** The server keeps to this machine unless told otherwise, and says so when it serves the network without Secure cookies. */
describe('config', () => {
  it('binds 127.0.0.1 by default and warns about nothing then', () => {
    const c = loadConfig({} as NodeJS.ProcessEnv);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.COOKIE_SECURE).toBe(false);
    expect(configWarnings(c)).toEqual([]);
  });
  it('warns, in Chinese and English, when it serves the network without COOKIE_SECURE', () => {
    const w = configWarnings(loadConfig({ HOST: '0.0.0.0' } as NodeJS.ProcessEnv));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('COOKIE_SECURE=true');
    expect(w[0]).toContain('局域网');
    expect(w[0]).toContain('serve over HTTPS');
    expect(configWarnings(loadConfig({ HOST: '0.0.0.0', COOKIE_SECURE: 'true' } as NodeJS.ProcessEnv))).toEqual([]);
    expect(configWarnings(loadConfig({ HOST: '::1' } as NodeJS.ProcessEnv))).toEqual([]);
  });
  it('takes MASSLINE_TZ as an IANA zone, Asia/Shanghai by default, and names a bad one', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).MASSLINE_TZ).toBe('Asia/Shanghai');
    expect(loadConfig({ MASSLINE_TZ: '' } as NodeJS.ProcessEnv).MASSLINE_TZ).toBe('Asia/Shanghai');
    expect(loadConfig({ MASSLINE_TZ: 'america/new_york' } as NodeJS.ProcessEnv).MASSLINE_TZ).toBe('America/New_York');
    expect(() => loadConfig({ MASSLINE_TZ: 'Beijing' } as NodeJS.ProcessEnv)).toThrow(/MASSLINE_TZ: .*Beijing.*IANA/);
  });
});
