import { registerAs } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBooleanString, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

/** Environment variables the server reads; checked once at start-up. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @IsString() @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  // As any staff password (STAFF_ACCOUNT_RULES): the sign-in form and POST /api/auth/login take up to 200.
  @IsOptional() @IsString() @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  @MaxLength(200, { message: 'ADMIN_PASSWORD must be at most 200 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional() @IsString()
  WECHAT_APPID?: string;

  @IsOptional() @IsString()
  WECHAT_SECRET?: string;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true })
  WECHAT_API_BASE?: string;

  @IsOptional() @IsBooleanString()
  DEMO_LOGIN?: string;

  @IsOptional() @IsBooleanString()
  SEED_DEMO?: string;

  @IsOptional() @IsBooleanString()
  SWEEP_ENABLED?: string;

  @IsOptional() @IsBooleanString()
  DB_PREPARED_STATEMENTS?: string;

  // Milliseconds; 0 turns it off (behind a pooler that refuses startup parameters: set it on the role).
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(0)
  DB_STATEMENT_TIMEOUT_MS?: number;

  // Express's `trust proxy`: which hops' X-Forwarded-For to believe for the client address (the
  // per-address login limit, the request log). A number of hops, or addresses/subnets/names.
  @IsOptional() @IsString() @MinLength(1)
  TRUST_PROXY?: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  /** The address the server listens on: every interface in production (a container), this machine only otherwise. */
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminPassword: string | undefined;
  demoLogin: boolean;
  seedDemo: boolean;
  sweepEnabled: boolean;
  /** Hot statements as named prepared statements (PostgreSQL server only); off behind a transaction-mode pooler. */
  preparedStatements: boolean;
  /**
   * The API's connections to a PostgreSQL server cancel a statement running longer than this, and
   * close a session idle in a transaction that long (0: never). Not the embedded database.
   */
  statementTimeoutMs: number;
  /** Express's `trust proxy` setting (TRUST_PROXY): a hop count, or a list of addresses and subnets. */
  trustProxy: number | string;
  wechat: { appid: string; secret: string; apiBase: string; templates: Record<string, string> };
  uploads: { maxBytes: number; urlTtlSeconds: number };
  /** The most cases one case-ledger export may hold (reports/ledger). */
  reports: { ledgerMaxRows: number };
}

/** Validates `raw` and returns the typed config; throws one readable line per problem. */
export function loadAppConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  // A variable set to nothing (`ADMIN_PASSWORD=` in .env, `${X:-}` in the compose file) is unset.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(EnvironmentVariables, given, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`));
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  if (nodeEnv === 'production' && !env.JWT_SECRET) {
    throw new Error('Invalid environment:\n  JWT_SECRET is required when NODE_ENV=production');
  }
  // The demo values would start a server on which no owner can sign in and no message is sent.
  const wechatMissing = (['WECHAT_APPID', 'WECHAT_SECRET'] as const).filter((name) => !env[name]);
  if (nodeEnv === 'production' && wechatMissing.length) {
    throw new Error(`Invalid environment:\n${wechatMissing.map((name) => `  ${name} is required when NODE_ENV=production`).join('\n')}`);
  }
  const demoLogin = env.DEMO_LOGIN === 'true';
  if (nodeEnv === 'production' && demoLogin) {
    throw new Error('Invalid environment:\n  DEMO_LOGIN cannot be enabled when NODE_ENV=production');
  }
  // The demo staff share a published password (README): a production server must not create them.
  const seedDemo = env.SEED_DEMO === 'true';
  if (nodeEnv === 'production' && seedDemo) {
    throw new Error('Invalid environment:\n  SEED_DEMO cannot be enabled when NODE_ENV=production (its staff accounts share a published password)');
  }
  return {
    env: nodeEnv,
    port: env.PORT ?? 3000,
    // Outside production the server runs with demo accounts and a published signing secret: it
    // answers this machine only, unless HOST says otherwise (a phone on the same network, say).
    host: env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? './data',
    // Outside production a fixed development secret keeps tokens valid across restarts.
    jwtSecret: env.JWT_SECRET ?? 'development-only-secret-change-me',
    jwtTtlSeconds: 7 * 24 * 3600,
    adminPassword: env.ADMIN_PASSWORD,
    demoLogin,
    seedDemo,
    sweepEnabled: env.SWEEP_ENABLED !== 'false',
    preparedStatements: env.DB_PREPARED_STATEMENTS !== 'false',
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS ?? 30_000,
    trustProxy: env.TRUST_PROXY === undefined ? 'loopback, uniquelocal' : /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
    wechat: {
      appid: env.WECHAT_APPID ?? 'wx-demo-appid',
      secret: env.WECHAT_SECRET ?? 'demo-secret',
      apiBase: (env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com').replace(/\/$/, ''),
      templates: {
        accepted: given.WECHAT_TEMPLATE_ACCEPTED ?? 'TEMPLATE_ACCEPTED',
        assigned: given.WECHAT_TEMPLATE_ASSIGNED ?? 'TEMPLATE_ASSIGNED',
        resolved: given.WECHAT_TEMPLATE_RESOLVED ?? 'TEMPLATE_RESOLVED',
        closed: given.WECHAT_TEMPLATE_CLOSED ?? 'TEMPLATE_CLOSED',
      },
    },
    uploads: { maxBytes: 10 * 1024 * 1024, urlTtlSeconds: 3600 },
    // ~100 000 rows is a ~10 MB workbook written in a few seconds; Excel itself stops at 1 048 576.
    reports: { ledgerMaxRows: 100_000 },
  };
}

/** Config namespace for @nestjs/config; services inject it with `@Inject(APP_CONFIG)`. */
export const appConfigNamespace = (config: AppConfig) => registerAs('app', () => config);
export const APP_CONFIG = appConfigNamespace({} as AppConfig).KEY;
