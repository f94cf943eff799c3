/**
 * Shared pieces of the benchmark scripts: a database of the chosen kind, the server as a child
 * process on loopback, bulk data made in SQL, tokens, and autocannon runs with bounded time.
 */
import { JwtService } from '@nestjs/jwt';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { runMigrations } from '../database/migrate';

export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const JWT_SECRET = 'bench-secret-0123456789abcdef';
const DIST = path.resolve(__dirname, '..');

export type DbKind = 'pg' | 'embedded';

/** Command-line options: `--name value` or `--name=value`. */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1] ?? fallback;
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return fallback;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A database for one benchmark: a fresh database on the PostgreSQL server, or a fresh PGlite data
 * folder. `open()` gives a direct connection for bulk data (for the embedded kind this opens the
 * folder in this process, so the server must not be running at that moment).
 */
export class BenchDatabase {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  private readonly name: string;

  constructor(readonly kind: DbKind, label: string) {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wuye-bench-${label}-`));
    this.name = `wuye_bench_${label}_${process.pid}`;
    this.databaseUrl = kind === 'pg' ? withDatabase(PG_SERVER, this.name) : undefined;
  }

  async create(): Promise<void> {
    if (this.kind === 'pg') await adminQuery(`CREATE DATABASE ${this.name}`);
  }

  /** Runs `fn` with a direct connection to the (migrated) database. */
  async withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    let embedded: EmbeddedPostgres | null = null;
    let url = this.databaseUrl;
    if (!url) {
      embedded = await EmbeddedPostgres.start({ dataDir: this.dataDir });
      url = embedded.url;
    }
    try {
      await runMigrations(url, this.kind === 'embedded');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    } finally {
      await embedded?.stop();
    }
  }

  async drop(): Promise<void> {
    if (this.kind === 'pg') await adminQuery(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`).catch(() => undefined);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Environment for a server (or the ceiling app) on this database. */
  env(port: number): Record<string, string> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      JWT_SECRET,
      // Required in production; nothing here calls WeChat.
      WECHAT_APPID: 'wx-bench',
      WECHAT_SECRET: 'bench-secret',
      DATA_DIR: this.dataDir,
      SEED_DEMO: 'false',
      DEMO_LOGIN: 'false',
      // The SLA sweep would escalate thousands of generated overdue cases while we measure reads.
      SWEEP_ENABLED: 'false',
    };
    if (this.databaseUrl) env.DATABASE_URL = this.databaseUrl;
    return env;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Milliseconds from spawn to the first 200 of /api/health (or /health for the ceiling). */
  readyMs: number;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `dist/<entry>` as a child process and waits (≤ timeoutMs) for its health route. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  options: { healthPath?: string; timeoutMs?: number; log?: string } = {},
): Promise<ServerProcess> {
  const port = Number(env.PORT);
  const url = `http://127.0.0.1:${port}`;
  const out = options.log ? fs.openSync(options.log, 'a') : 'ignore';
  const started = Date.now();
  // e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the measured processes.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, path.join(DIST, entry)], { env, stdio: ['ignore', out, out] });
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => proc.once('exit', (code) => {
    exited = code ?? -1;
    resolve();
  }));
  const healthUrl = `${url}${options.healthPath ?? '/api/health'}`;
  const deadline = started + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (exited !== null) throw new Error(`${entry} exited with ${exited} before it was healthy${options.log ? ` (log: ${options.log})` : ''}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${entry} was not healthy within ${options.timeoutMs ?? 180_000} ms`);
    }
    try {
      const res = await fetch(healthUrl);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  const readyMs = Date.now() - started;
  return {
    url,
    proc,
    readyMs,
    async stop() {
      if (exited === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
    async kill() {
      if (exited === null) proc.kill('SIGKILL');
      await exit;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const jwt = new JwtService({ secret: JWT_SECRET });
export function tokenFor(user: { id: string; role: string }): string {
  return jwt.sign({ sub: user.id, role: user.role }, { expiresIn: 3600 });
}

/** Each simulated person calls from their own address (behind the loopback proxy), as real users do. */
export function addressOf(i: number): string {
  return `100.${64 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}`;
}

export interface World {
  communities: { id: string; code: string }[];
  owners: { id: string; houseId: string; token: string; address: string }[];
  agents: { id: string; token: string; address: string }[];
}

/**
 * Two communities, 500 houses each, `owners` owners each with an approved house, `agents` agents
 * who serve both communities (the harder queue: a scope of several communities).
 */
export async function seedWorld(client: Client, owners: number, agents: number): Promise<World> {
  const communities: { id: string; code: string }[] = (await client.query(
    `INSERT INTO communities (name, code) VALUES ('压测一区', 'BA'), ('压测二区', 'BB') RETURNING id, code`)).rows;
  for (const c of communities) {
    await client.query(
      `INSERT INTO houses (community_id, building, unit, room)
       SELECT $1, (g / 100 + 1) || '栋', '1单元', (g % 100 + 101)::text FROM generate_series(0, 499) g`, [c.id]);
  }
  const ids = communities.map((c) => c.id);
  const agentRows: { id: string }[] = (await client.query(
    `INSERT INTO users (role, username, name, community_ids)
     SELECT 'agent', 'bench_agent_' || g, '客服' || g, $1::uuid[] FROM generate_series(1, $2::int) g RETURNING id`,
    [ids, agents])).rows;
  await client.query(
    `INSERT INTO users (role, username, name, community_ids)
     SELECT 'handler', 'bench_handler_' || g, '师傅' || g, $1::uuid[] FROM generate_series(1, 20) g`, [ids]);
  const ownerRows: { id: string; house_id: string }[] = (await client.query(
    `WITH h AS (SELECT id, row_number() OVER (ORDER BY community_id, building, room) AS n FROM houses),
          o AS (INSERT INTO users (role, name, openid) SELECT 'owner', '业主' || g, 'bench-openid-' || g
                FROM generate_series(1, $1::int) g RETURNING id, substring(openid from 14)::int AS n)
     INSERT INTO house_bindings (owner_id, house_id, relation, name, phone, status, decided_at, created_at)
     SELECT o.id, h.id, 'owner', '业主' || o.n, '13800' || lpad(o.n::text, 6, '0'), 'approved', timestamptz '2000-01-01', timestamptz '2000-01-01'
     FROM o JOIN h ON h.n = (o.n - 1) % 1000 + 1 RETURNING owner_id AS id, house_id`, [owners])).rows;
  return {
    communities,
    owners: ownerRows.map((o, i) => ({ id: o.id, houseId: o.house_id, token: tokenFor({ id: o.id, role: 'owner' }), address: addressOf(10_000 + i) })),
    agents: agentRows.map((a, i) => ({ id: a.id, token: tokenFor({ id: a.id, role: 'agent' }), address: addressOf(50_000 + i) })),
  };
}

const OPEN_BACKLOG = 500;

/**
 * Tops the cases table up to `target` rows with INSERT … SELECT generate_series, in batches. The
 * history: closed, 2 % cancelled; then a fixed open backlog among the newest; one `create` event each. Times run up to now, older rows first.
 */
export async function growCases(client: Client, target: number): Promise<number> {
  const [{ n: existing }] = (await client.query('SELECT count(*)::int AS n FROM cases')).rows;
  const spanSeconds = 2 * 365 * 24 * 3600;
  // Batches of 100 000, but the first 10 000 on their own: the per-row triggers' reads (the
  // repeat-complaint check looks up the house's earlier cases) are planned once per statement from
  // the table's statistics, and on a table just created those say "empty" — a sequential scan per
  // row, 288 s for 100 000 cases in one go. ANALYZE after each batch keeps the plans indexed.
  for (let from = existing + 1; from <= target;) {
    const batch = from <= 10_000 ? 10_000 : 100_000;
    const to = Math.min(target, from + batch - 1);
    await client.query('BEGIN');
    await client.query(
      `WITH comm AS (SELECT array_agg(id ORDER BY code) AS ids FROM communities WHERE code IN ('BA','BB')),
            hs AS (SELECT array_agg(id ORDER BY id) AS ids FROM houses),
            ow AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE role = 'owner'),
            hd AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE role = 'handler'),
            src AS (
              SELECT g,
                     CASE WHEN g % 50 = 13 THEN 'cancelled' ELSE 'closed' END AS status,
                     (ARRAY['repair','repair','repair','complaint','inquiry','suggestion','praise'])[1 + g % 7] AS type,
                     now() - make_interval(secs => ($2::int - g) * ($3::float8 / $2::int)) AS created_at
              FROM generate_series($1::int, $4::int) g),
            ins AS (
       INSERT INTO cases (number, community_id, house_id, type, category, channel, urgency, status, description,
                          created_by_id, owner_id, assignee_id, respond_deadline_at, resolve_deadline_at, verify_hours,
                          follow_up_policy, follow_up_due_hours, warn_before_minutes, first_responded_at, resolved_at,
                          closed_at, cancelled_at, hold_started_at, created_at, updated_at)
       SELECT 'BN-' || g, comm.ids[1 + (g / 3) % 2], hs.ids[1 + g % array_length(hs.ids, 1)], type, '水电', 'miniapp', 'normal', status,
              '压测工单 ' || g || ':厨房水龙头漏水,楼下天花板有水渍,请尽快安排师傅上门查看。',
              ow.ids[1 + g % array_length(ow.ids, 1)], ow.ids[1 + g % array_length(ow.ids, 1)],
              CASE WHEN status IN ('assigned','in_progress','on_hold','closed') THEN hd.ids[1 + g % array_length(hd.ids, 1)] END,
              created_at + interval '30 minutes', created_at + interval '72 hours', 72, 'when_unrated_or_low', 48, 10,
              CASE WHEN status NOT IN ('submitted','cancelled') THEN created_at + interval '10 minutes' END,
              CASE WHEN status = 'closed' THEN created_at + interval '20 hours' END,
              CASE WHEN status = 'closed' THEN created_at + interval '30 hours' END,
              CASE WHEN status = 'cancelled' THEN created_at + interval '1 hour' END,
              CASE WHEN status = 'on_hold' THEN created_at + interval '2 hours' END,
              created_at, created_at
       FROM src, comm, hs, ow, hd
       RETURNING id, owner_id, created_at)
       INSERT INTO case_events (case_id, cycle, action, from_status, to_status, actor_id, actor_role, created_at)
       SELECT id, 1, 'create', NULL, 'submitted', owner_id, 'owner', created_at FROM ins`,
      [from, target, spanSeconds, to]);
    await client.query('COMMIT');
    await client.query('ANALYZE cases, case_events');
    from = to + 1;
  }
  // The open backlog is what a company has at hand, not a share of its history: the newest
  // OPEN_BACKLOG × 4 cases, one in four open (every open state; older ones overdue), whatever the size.
  // Every other open case is closed first — also the submissions a create load left at a smaller
  // size (thousands of them), which would otherwise grow the backlog the queue reads and counts.
  await client.query(
    `UPDATE cases SET status = 'closed', resolved_at = created_at + interval '20 hours', closed_at = created_at + interval '30 hours',
       hold_started_at = NULL, first_responded_at = created_at + interval '10 minutes',
       assignee_id = (SELECT id FROM users WHERE role = 'handler' ORDER BY id LIMIT 1)
     WHERE status IN ('submitted','accepted','assigned','in_progress','on_hold')`);
  await client.query(
    `WITH newest AS (SELECT id, row_number() OVER (ORDER BY created_at DESC) AS rn FROM
                       (SELECT id, created_at FROM cases WHERE number LIKE 'BN-%' AND status = 'closed' ORDER BY created_at DESC LIMIT $1) t),
          picked AS (SELECT id, (ARRAY['submitted','accepted','assigned','in_progress','on_hold'])[1 + (rn / 4)::int % 5] AS status
                     FROM newest WHERE rn % 4 = 0)
     UPDATE cases c SET status = picked.status, resolved_at = NULL, closed_at = NULL,
       first_responded_at = CASE WHEN picked.status = 'submitted' THEN NULL ELSE c.created_at + interval '10 minutes' END,
       assignee_id = CASE WHEN picked.status IN ('submitted','accepted') THEN NULL ELSE c.assignee_id END,
       hold_started_at = CASE WHEN picked.status = 'on_hold' THEN c.created_at + interval '2 hours' END
     FROM picked WHERE c.id = picked.id`, [OPEN_BACKLOG * 4]);
  // What autovacuum does on a production server after bulk inserts (PostgreSQL ≥ 13 vacuums
  // insert-only tables too). This machine's server runs with autovacuum off, and without the
  // visibility map the queue's capped counts and index walks read every heap row: at 1M cases the
  // complaint view measured 114 req/s unvacuumed against 323–356 vacuumed (docs/performance.md).
  await client.query('VACUUM ANALYZE');
  return target;
}

/** Cases with a full timeline (seven events) for the detail benchmark. */
export async function timelineCases(client: Client, count: number): Promise<{ id: string; ownerId: string }[]> {
  const rows: { id: string; owner_id: string }[] = (await client.query(
    `SELECT id, owner_id FROM cases WHERE status = 'closed' ORDER BY created_at DESC LIMIT $1`, [count])).rows;
  await client.query(
    `INSERT INTO case_events (case_id, cycle, action, from_status, to_status, actor_id, actor_role, note, created_at)
     SELECT c.id, 1, a.action, a.from_status, a.to_status, c.assignee_id, 'handler', '处理记录:' || a.action, c.created_at + a.n * interval '1 hour'
     FROM cases c CROSS JOIN (VALUES (1, 'accept', 'submitted', 'accepted'), (2, 'assign', 'accepted', 'assigned'),
       (3, 'start', 'assigned', 'in_progress'), (4, 'resolve', 'in_progress', 'resolved'), (5, 'verify', 'resolved', 'confirmed'),
       (6, 'follow-up', 'confirmed', 'closed')) AS a(n, action, from_status, to_status)
     WHERE c.id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
  return rows.map((r) => ({ id: r.id, ownerId: r.owner_id }));
}

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  /** What the errors were (ECONNRESET, timeout…), where the load tool tells. */
  errorKinds?: Record<string, number>;
  /** CPU milliseconds per request of the server process and of all PostgreSQL server processes. */
  cpu?: { server: number; postgres: number };
}

export interface LoadSpec {
  name: string;
  url: string;
  connections: number;
  durationSeconds: number;
  /** Builds each request: path, headers, body. */
  next: () => { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
  /** Fixed request rate (per second over all connections), for the soak. */
  overallRate?: number;
  /** Hard cap on the number of requests. */
  amount?: number;
  /** The server's process id: its CPU time and all PostgreSQL processes' are reported per request. */
  pid?: number;
}

/** One autocannon run, bounded by time (and count when given). */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const opts: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: 10,
    requests: [{
      setupRequest: (req: autocannon.Request) => {
        const r = spec.next();
        return {
          ...req,
          method: r.method ?? 'GET',
          path: r.path,
          headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers },
          body: r.body,
        };
      },
    }],
  };
  if (spec.overallRate) opts.overallRate = spec.overallRate;
  if (spec.amount) opts.amount = spec.amount;
  const before = spec.pid ? cpuNow(spec.pid) : null;
  const result = await autocannon(opts);
  const after = spec.pid ? cpuNow(spec.pid) : null;
  const perRequest = (a: number, b: number) => Math.round(((b - a) / Math.max(1, result.requests.total)) * 100) / 100;
  return {
    cpu: before && after ? { server: perRequest(before.server, after.server), postgres: perRequest(before.postgres, after.postgres) } : undefined,
    name: spec.name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export function describe(r: LoadResult): string {
  const kinds = r.errorKinds ? ` (${Object.entries(r.errorKinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : '';
  const bad = r.non2xx || r.errors ? `  !! ${r.non2xx} non-2xx, ${r.errors} errors/timeouts${kinds}` : '';
  return `${r.name.padEnd(34)} ${String(r.rps).padStart(6)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  (${r.total} requests${cpuText(r)})${bad}`;
}

/** `; CPU 2.10 + 1.40 ms/req` — server process + PostgreSQL processes, the figure that noise moves least. */
export const cpuText = (r: LoadResult): string => (r.cpu ? `; CPU ${r.cpu.server.toFixed(2)} + ${r.cpu.postgres.toFixed(2)} ms/req` : '');

/**
 * CPU milliseconds used so far by one process and by every process named `postgres` (its server's
 * backends, when it runs on this machine; 0 for the embedded database, which runs inside the server
 * process). From /proc; on a system without it, both are 0.
 */
function cpuNow(pid: number): { server: number; postgres: number } {
  const ticksMs = 10; // USER_HZ is 100 on Linux
  const cpuOf = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * ticksMs; // utime + stime
  };
  let server = 0;
  let postgres = 0;
  try {
    server = cpuOf(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (stat.includes('(postgres)')) postgres += cpuOf(stat);
      } catch {
        /* the process ended meanwhile */
      }
    }
  } catch {
    /* no /proc */
  }
  return { server, postgres };
}

export const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');

export function machine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}
