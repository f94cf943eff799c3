import { loadAppConfig } from './app.config';

describe('loadAppConfig in production', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-some-length', WECHAT_APPID: 'wx1234', WECHAT_SECRET: 's3cret' };

  it('starts with a secret and no development paths', () => {
    expect(loadAppConfig(production)).toMatchObject({ env: 'production', demoLogin: false, seedDemo: false });
  });

  it('refuses to start without a JWT secret', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow('JWT_SECRET is required');
  });

  it('refuses to start on the demo WeChat credentials, on which no owner could sign in', () => {
    expect(() => loadAppConfig({ ...production, WECHAT_APPID: undefined })).toThrow('WECHAT_APPID is required');
    expect(() => loadAppConfig({ ...production, WECHAT_SECRET: '' })).toThrow('WECHAT_SECRET is required');
    expect(loadAppConfig(production).wechat).toMatchObject({ appid: 'wx1234', secret: 's3cret' });
  });

  it('refuses the demo owners’ login', () => {
    expect(() => loadAppConfig({ ...production, DEMO_LOGIN: 'true' })).toThrow('DEMO_LOGIN cannot be enabled');
  });

  it('refuses to create the demo data, whose staff accounts share a published password', () => {
    expect(() => loadAppConfig({ ...production, SEED_DEMO: 'true' })).toThrow('SEED_DEMO cannot be enabled');
  });

  it('refuses an admin password the sign-in form could not send (over 200 characters)', () => {
    expect(() => loadAppConfig({ ...production, ADMIN_PASSWORD: 'x'.repeat(201) })).toThrow('ADMIN_PASSWORD must be at most 200 characters');
    expect(loadAppConfig({ ...production, ADMIN_PASSWORD: 'x'.repeat(200) })).toMatchObject({ adminPassword: 'x'.repeat(200) });
  });

  it('takes a variable set to nothing as unset (ADMIN_PASSWORD removed after the first start)', () => {
    expect(loadAppConfig({ ...production, ADMIN_PASSWORD: '' })).toMatchObject({ adminPassword: undefined });
    expect(() => loadAppConfig({ ...production, JWT_SECRET: '' })).toThrow('JWT_SECRET is required');
  });

  it('allows the demo data outside production (npm start)', () => {
    expect(loadAppConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' })).toMatchObject({ seedDemo: true });
  });

  it('answers only this machine outside production (demo accounts, a published secret), every interface in production, or HOST', () => {
    expect(loadAppConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(loadAppConfig({}).host).toBe('127.0.0.1');
    expect(loadAppConfig(production).host).toBe('0.0.0.0');
    expect(loadAppConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadAppConfig({ ...production, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });
});

describe('loadAppConfig: the database statement timeout', () => {
  it('is 30 s unless DB_STATEMENT_TIMEOUT_MS says otherwise (0: off); a negative or fractional value is refused', () => {
    expect(loadAppConfig({}).statementTimeoutMs).toBe(30_000);
    expect(loadAppConfig({ DB_STATEMENT_TIMEOUT_MS: '0' }).statementTimeoutMs).toBe(0);
    expect(loadAppConfig({ DB_STATEMENT_TIMEOUT_MS: '120000' }).statementTimeoutMs).toBe(120_000);
    expect(() => loadAppConfig({ DB_STATEMENT_TIMEOUT_MS: '-1' })).toThrow('DB_STATEMENT_TIMEOUT_MS');
    expect(() => loadAppConfig({ DB_STATEMENT_TIMEOUT_MS: '1.5' })).toThrow('DB_STATEMENT_TIMEOUT_MS');
  });
});

describe('loadAppConfig: the proxies to trust', () => {
  it('trusts the compose network by default, or the hops or subnets TRUST_PROXY names', () => {
    expect(loadAppConfig({}).trustProxy).toBe('loopback, uniquelocal');
    expect(loadAppConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadAppConfig({ TRUST_PROXY: 'loopback, 172.16.0.0/12, 100.64.0.0/10' }).trustProxy).toBe('loopback, 172.16.0.0/12, 100.64.0.0/10');
  });
});
