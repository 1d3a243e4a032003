import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      seedDemo: true,
    });
    expect(c.dataDir).toMatch(/data$/);
    expect(c.databaseUrl).toBeUndefined();
  });
  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MAIL_TRANSPORT: 'smtp', SEED_DEMO: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const fields = (e as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(fields).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'SEED_DEMO']));
    }
  });
  it('refuses an unsafe production set-up', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /AUTH_SECRET[\s\S]*MAIL_TRANSPORT|MAIL_TRANSPORT[\s\S]*AUTH_SECRET/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(40),
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'smtp://mail.example.org',
        PUBLIC_URL: 'https://members.example.org',
      }),
    ).not.toThrow();
  });
  it('listening beyond this machine needs a complete configuration, and turns every development shortcut off', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'members.example.org']) {
      try {
        loadConfig({ HOST });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        const fields = (e as ConfigError).problems.map((p) => p.split(':')[0]);
        expect(fields.sort()).toEqual(['AUTH_SECRET', 'MAIL_TRANSPORT', 'PUBLIC_URL']);
        expect((e as ConfigError).message).toMatch(/beyond this machine/);
      }
    }
    const complete = {
      HOST: '0.0.0.0',
      AUTH_SECRET: 'y'.repeat(40),
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://mail.example.org',
      PUBLIC_URL: 'https://members.example.org',
    };
    expect(loadConfig(complete)).toMatchObject({ devShortcuts: false, seedDemo: false });
    expect(() => loadConfig({ ...complete, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO: cannot be true/);
  });
  it('production never seeds the demo party, on any address', () => {
    const production = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      AUTH_SECRET: 'x'.repeat(40),
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://mail.example.org',
      PUBLIC_URL: 'https://members.example.org',
    };
    expect(loadConfig(production)).toMatchObject({ devShortcuts: false, seedDemo: false });
    expect(() => loadConfig({ ...production, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO/);
  });
  it('on loopback in development the shortcuts are on', () => {
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '127.0.1.1'])
      expect(loadConfig({ HOST })).toMatchObject({ devShortcuts: true, seedDemo: true });
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });
});
