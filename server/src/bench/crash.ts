/**
 * `npm run bench:crash` — nothing acknowledged is lost, nothing half-written survives a SIGKILL.
 *
 *   node server/dist/bench/crash.js [--db pg,embedded] [--rounds 5] [--workers 12]
 *
 * Each round: start the server (NODE_ENV=production) on the round's database — a database on the
 * PostgreSQL server, or the embedded data folder — drive owners (upload photos, then submit with an
 * Idempotency-Key) and staff (accept, assign, start, resolve; owners verify) concurrently, SIGKILL
 * the server after a random 1.5–4 s, restart it on the same database and folder, then check:
 * - every 2xx is there: the case (with its photos), the event of every acknowledged action, every
 *   acknowledged upload's row and file (bytes matching their sha256);
 * - a retried submission with the same key returns the same case (200) and creates nothing;
 * - nothing half-written: no case without its create event, no case whose status is not its last
 *   event's, no verification or rating without its event, no photo id without its upload row, no
 *   upload row without its file.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { BenchDatabase, freePort, machine, option, seedWorld, sleep, startProcess, tokenFor, type DbKind, type ServerProcess } from './bench-support';

const ROUNDS = Number(option('rounds', '5'));
const WORKERS = Number(option('workers', '12'));
const KINDS = option('db', 'pg,embedded').split(',') as DbKind[];
/** A small valid PNG; a random tail makes each upload's bytes (and sha256) unique. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100' +
    '05fe02fea70000000049454e44ae426082', 'hex');

interface Person { id: string; token: string; address: string; houseId?: string }
interface Acked {
  uploads: Map<string, string>; // upload id → sha256
  cases: Map<string, { ownerId: string; key: string; body: string; photoIds: string[]; owner: Person }>;
  actions: { caseId: string; action: string }[];
}

async function main(): Promise<void> {
  console.log(`bench:crash — ${new Date().toISOString()} — ${machine()}`);
  const lines: string[] = [];
  for (const kind of KINDS) lines.push(await crashKind(kind));
  console.log('\n' + lines.join('\n'));
  if (lines.some((l) => !l.includes('losses 0,') || !l.includes('half-written 0,') || !l.includes('restart failures 0'))) process.exitCode = 1;
}

async function crashKind(kind: DbKind): Promise<string> {
  console.log(`== ${kind === 'pg' ? 'PostgreSQL 15 server' : 'embedded PGlite data folder'} ==`);
  const db = new BenchDatabase(kind, `crash${kind}`);
  const log = path.join(os.tmpdir(), `wuye-crash-${kind}-${process.pid}.log`);
  await db.create();
  const acked: Acked = { uploads: new Map(), cases: new Map(), actions: [] };
  let owners: Person[] = [];
  let staff: { agent: Person; handlers: Person[] } | null = null;
  let losses = 0;
  let halfWritten = 0;
  let restartFailures = 0;
  let inFlightAtKill = 0;
  try {
    await db.withClient(async (client) => {
      // Enough owners that none reaches the 100 photos a day uploads.service.ts allows (about 33 each).
      const world = await seedWorld(client, Math.max(40, ROUNDS * 10), 4);
      owners = world.owners.map((o) => ({ id: o.id, token: o.token, address: o.address, houseId: o.houseId }));
      const handlers: { id: string }[] = (await client.query(`SELECT id FROM users WHERE role = 'handler' ORDER BY id LIMIT 4`)).rows;
      staff = {
        agent: { ...world.agents[0] },
        handlers: handlers.map((h, i) => ({ id: h.id, token: tokenFor({ id: h.id, role: 'handler' }), address: `100.99.0.${i + 1}` })),
      };
    });
    for (let round = 1; round <= ROUNDS; round++) {
      const server = await startProcess('main.js', db.env(await freePort()), { log, timeoutMs: 60_000 });
      const stats = { requests: 0, ok: 0 };
      const stop = { at: Date.now() + 1500 + Math.random() * 2500, killed: false };
      const inflight = new Set<Promise<unknown>>();
      const workers = Array.from({ length: WORKERS }, (_, w) => work(server.url, w, owners, staff!, acked, stop, stats, inflight));
      while (Date.now() < stop.at) await sleep(20);
      const atKill = inflight.size;
      inFlightAtKill += atKill;
      await server.kill();
      stop.killed = true;
      await Promise.allSettled(workers);
      // Restart on the same database / data folder (for PGlite: over the dead process's lockfile).
      let restarted: ServerProcess;
      try {
        restarted = await startProcess('main.js', db.env(await freePort()), { log, timeoutMs: 60_000 });
      } catch (error) {
        restartFailures++;
        console.log(`round ${round}: server did not come back after SIGKILL: ${(error as Error).message}`);
        break;
      }
      // The newest acknowledged submissions, retried after the crash: same case, 200, nothing new.
      const retried = await retrySome(restarted.url, acked, 5);
      losses += retried.wrong;
      await restarted.stop();
      const check = await verify(db, acked);
      losses += check.losses;
      halfWritten += check.halfWritten;
      console.log(`round ${round}: ${stats.requests} requests, ${stats.ok} acknowledged, ${atKill} in flight at the kill; ` +
        `restart ${restarted.readyMs} ms; ${retried.ok}/${retried.ok + retried.wrong} retries answered with their case; ` +
        `totals ${acked.cases.size} cases, ${acked.actions.length} actions, ${acked.uploads.size} uploads; ` +
        `losses ${check.losses}, half-written ${check.halfWritten}, unreferenced files ${check.unreferenced}${check.notes.length ? ' — ' + check.notes.slice(0, 5).join('; ') : ''}`);
    }
  } finally {
    await db.drop();
  }
  return `crash ${kind}: ${ROUNDS} rounds, acknowledged ${acked.cases.size} cases + ${acked.actions.length} actions + ${acked.uploads.size} uploads, ` +
    `losses ${losses}, half-written ${halfWritten}, restart failures ${restartFailures} (ratio ${losses + halfWritten === 0 ? '1.00' : '0.00'})` +
    ` — ${inFlightAtKill} requests in flight at the kills`;
}

async function call(url: string, who: Person, method: string, p: string, body?: unknown, extra: Record<string, string> = {}) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { authorization: `Bearer ${who.token}`, 'x-forwarded-for': who.address, ...(body ? { 'content-type': 'application/json' } : {}), ...extra },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json().catch(() => null)) as { id?: string; status?: string; assigneeId?: string | null } | null;
  return { status: res.status, json };
}

/** One worker: alternately an owner submitting and staff moving cases along, until the kill. */
async function work(url: string, w: number, owners: Person[], staff: { agent: Person; handlers: Person[] }, acked: Acked,
  stop: { at: number; killed: boolean }, stats: { requests: number; ok: number }, inflight: Set<Promise<unknown>>): Promise<void> {
  const track = <T>(p: Promise<T>) => {
    inflight.add(p);
    stats.requests++;
    return p.finally(() => inflight.delete(p));
  };
  let n = 0;
  while (!stop.killed && Date.now() < stop.at + 5000) {
    n++;
    try {
      if ((w + n) % 3 !== 0) {
        const owner = owners[(w * 7 + n) % owners.length];
        const photoIds: string[] = [];
        for (let k = 0; k < 1 + (n % 2); k++) {
          const bytes = Buffer.concat([PNG, randomBytes(64)]);
          const form = new FormData();
          form.append('file', new Blob([bytes], { type: 'image/png' }), 'photo.png');
          const res = await track(fetch(`${url}/api/uploads`, {
            method: 'POST', body: form, headers: { authorization: `Bearer ${owner.token}`, 'x-forwarded-for': owner.address },
            signal: AbortSignal.timeout(10_000),
          }));
          if (res.status !== 201) throw new Error(`upload ${res.status}`);
          const { id } = (await res.json()) as { id: string };
          acked.uploads.set(id, createHash('sha256').update(bytes).digest('hex'));
          stats.ok++;
          photoIds.push(id);
        }
        const key = `crash-${process.pid}-${w}-${n}-${Date.now()}`;
        const body = { type: 'repair', category: '水电', description: `崩溃测试 ${key}`, houseId: owner.houseId, photoIds };
        const res = await track(call(url, owner, 'POST', '/api/cases', body, { 'idempotency-key': key }));
        if (res.status === 201 || res.status === 200) {
          acked.cases.set(res.json!.id!, { ownerId: owner.id, key, body: JSON.stringify(body), photoIds, owner });
          stats.ok++;
        }
      } else {
        // Staff: move the newest cases one step on; owners verify resolved ones.
        const ids = [...acked.cases.keys()].slice(-40);
        const caseId = ids[(w + n) % Math.max(ids.length, 1)];
        if (!caseId) {
          await sleep(10);
          continue;
        }
        const detail = await track(call(url, staff.agent, 'GET', `/api/cases/${caseId}`));
        if (detail.status !== 200) continue;
        const handler = staff.handlers[w % staff.handlers.length];
        const step: Record<string, [Person, string, object]> = {
          submitted: [staff.agent, 'accept', { note: '已受理' }],
          accepted: [staff.agent, 'assign', { handlerId: handler.id }],
          assigned: [staff.handlers.find((h) => h.id === detail.json!.assigneeId) ?? handler, 'start', {}],
          in_progress: [staff.handlers.find((h) => h.id === detail.json!.assigneeId) ?? handler, 'resolve', { note: '已修好' }],
          resolved: [acked.cases.get(caseId)!.owner, 'verify', { fixed: 'yes' }],
        };
        const next = step[detail.json!.status as string];
        if (!next) continue;
        const [who, action, body] = next;
        const res = await track(call(url, who, 'POST', `/api/cases/${caseId}/${action}`, body));
        if (res.status === 200) {
          acked.actions.push({ caseId, action });
          stats.ok++;
        }
      }
    } catch {
      // Refused connections and resets after the kill: not acknowledged, so nothing is expected.
      if (stop.killed || Date.now() >= stop.at) return;
    }
  }
}

async function retrySome(url: string, acked: Acked, count: number): Promise<{ ok: number; wrong: number }> {
  let ok = 0;
  let wrong = 0;
  const entries = [...acked.cases.entries()].slice(-count);
  for (const [id, c] of entries) {
    const res = await call(url, c.owner, 'POST', '/api/cases', JSON.parse(c.body), { 'idempotency-key': c.key });
    if (res.status === 200 && res.json?.id === id) ok++;
    else {
      wrong++;
      console.log(`  retry of ${c.key}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
    }
  }
  return { ok, wrong };
}

/** Checks the database (and upload folder) against what was acknowledged. */
async function verify(db: BenchDatabase, acked: Acked): Promise<{ losses: number; halfWritten: number; unreferenced: number; notes: string[] }> {
  const notes: string[] = [];
  let losses = 0;
  let halfWritten = 0;
  let unreferenced = 0;
  // For the embedded kind this opens the folder the killed server left, the way a restart does.
  await db.withClient(async (client: Client) => {
    const ids = [...acked.cases.keys()];
    const found: { id: string; created_by_id: string; idempotency_key: string; photo_ids: string[] }[] =
      (await client.query('SELECT id, created_by_id, idempotency_key, photo_ids FROM cases WHERE id = ANY($1::uuid[])', [ids])).rows;
    const byId = new Map(found.map((r) => [r.id, r]));
    for (const [id, c] of acked.cases) {
      const row = byId.get(id);
      if (!row || row.created_by_id !== c.ownerId || row.idempotency_key !== c.key || [...row.photo_ids].sort().join() !== [...c.photoIds].sort().join()) {
        losses++;
        notes.push(`case ${id} missing or changed`);
      }
    }
    const events: { case_id: string; action: string; n: number }[] = (await client.query(
      'SELECT case_id, action, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY 1, 2', [ids])).rows;
    const have = new Map(events.map((e) => [`${e.case_id}/${e.action}`, e.n]));
    const want = new Map<string, number>();
    for (const a of acked.actions) want.set(`${a.caseId}/${a.action}`, (want.get(`${a.caseId}/${a.action}`) ?? 0) + 1);
    for (const [k, n] of want) {
      if ((have.get(k) ?? 0) < n) {
        losses++;
        notes.push(`event ${k} missing`);
      }
    }
    const uploadIds = [...acked.uploads.keys()];
    const uploads: { id: string; sha256: string }[] = (await client.query('SELECT id, sha256 FROM uploads WHERE id = ANY($1::uuid[])', [uploadIds])).rows;
    const uploadById = new Map(uploads.map((u) => [u.id, u.sha256]));
    for (const [id, sha] of acked.uploads) {
      if (uploadById.get(id) !== sha || !fileHolds(db.dataDir, sha)) {
        losses++;
        notes.push(`upload ${id} missing`);
      }
    }
    const invariants: [string, string][] = [
      ['case without its create event', `SELECT count(*)::int AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'create')`],
      ['case whose status is not its last event\'s', `SELECT count(*)::int AS n FROM cases c WHERE c.status <> (SELECT e.to_status FROM case_events e WHERE e.case_id = c.id ORDER BY e.seq DESC LIMIT 1)`],
      ['event without its case', `SELECT count(*)::int AS n FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)`],
      ['verification without its event', `SELECT count(*)::int AS n FROM verifications v WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = v.case_id AND e.action = 'verify' AND e.cycle = v.cycle)`],
      ['rating without its event', `SELECT count(*)::int AS n FROM ratings r WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = r.case_id AND e.action = 'rate' AND e.cycle = r.cycle)`],
      ['photo id without its upload', `SELECT count(*)::int AS n FROM cases c, unnest(c.photo_ids) p WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = p)`],
      ['two cases for one idempotency key', `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases WHERE idempotency_key IS NOT NULL GROUP BY created_by_id, idempotency_key HAVING count(*) > 1) d`],
    ];
    for (const [label, sql] of invariants) {
      const [{ n }] = (await client.query(sql)).rows;
      if (n > 0) {
        halfWritten += n;
        notes.push(`${n} × ${label}`);
      }
    }
    const all: { sha256: string }[] = (await client.query('SELECT DISTINCT sha256 FROM uploads')).rows;
    const missing = all.filter((u) => !fileHolds(db.dataDir, u.sha256)).length;
    if (missing) {
      halfWritten += missing;
      notes.push(`${missing} × upload row without its file`);
    }
    // Not a loss: bytes (or temporary files) of uploads the kill cut before their row; the daily
    // store scan (UploadCleanupService.removeUnreferencedFiles) removes them after an hour.
    const named = new Set(all.map((u) => u.sha256));
    unreferenced = storedNames(db.dataDir).filter((name) => !named.has(name)).length;
  });
  return { losses, halfWritten, unreferenced, notes };
}

/** The names of every file in the upload store's `ab/cd/` fan-out. */
function storedNames(dataDir: string): string[] {
  const root = path.join(dataDir, 'uploads');
  const list = (dir: string) => (fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir) : []);
  return list(root).flatMap((a) => list(path.join(root, a)).flatMap((b) => list(path.join(root, a, b))));
}

function fileHolds(dataDir: string, sha256: string): boolean {
  const file = path.join(dataDir, 'uploads', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex') === sha256;
  } catch {
    return false;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
