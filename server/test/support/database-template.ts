import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';

/**
 * Each test file gets its own database cloned from one migrated template:
 * - real PostgreSQL (DATABASE_URL set): `CREATE DATABASE … TEMPLATE …`
 * - embedded PGlite: a dumped data folder loaded into a fresh in-memory instance
 * The template's whereabouts pass from jest's global setup to the test workers in a small state file.
 */
interface TemplateState {
  kind: 'server' | 'embedded';
  serverUrl?: string;
  templateDb?: string;
  /** Prefix of this run's per-file databases, so concurrent runs on one server never touch each other's. */
  clonePrefix?: string;
  dumpFile?: string;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTemplate(stateFile: string): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  let state: TemplateState;
  if (serverUrl) {
    const run = `${process.pid}_${Date.now().toString(36)}`;
    const templateDb = `wuye_tpl_${run}`;
    await admin(serverUrl, `CREATE DATABASE ${templateDb}`);
    await runMigrations(withDatabase(serverUrl, templateDb), false);
    state = { kind: 'server', serverUrl, templateDb, clonePrefix: `wuye_t_${run}_` };
  } else {
    const pg = await EmbeddedPostgres.start({ dataDir: null });
    await runMigrations(pg.url, true);
    const dump = await pg.dump();
    await pg.stop();
    const dumpFile = path.join(os.tmpdir(), `wuye-template-${process.pid}-${Date.now()}.tar`);
    fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
    state = { kind: 'embedded', dumpFile };
  }
  fs.writeFileSync(stateFile, JSON.stringify(state));
}

export async function dropTemplate(stateFile: string): Promise<void> {
  if (!fs.existsSync(stateFile)) return;
  const state: TemplateState = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  if (state.kind === 'server') {
    const dbs = await admin(state.serverUrl!,
      `SELECT datname FROM pg_database WHERE starts_with(datname, '${state.clonePrefix}') OR datname = '${state.templateDb}'`);
    for (const { datname } of dbs) await admin(state.serverUrl!, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } else if (state.dumpFile) {
    fs.rmSync(state.dumpFile, { force: true });
  }
  fs.rmSync(stateFile, { force: true });
}

export interface TestDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

/** A fresh migrated database for one test file. */
export async function cloneTemplate(): Promise<TestDatabase> {
  const state: TemplateState = JSON.parse(fs.readFileSync(process.env.WUYE_TEMPLATE_STATE!, 'utf8'));
  if (state.kind === 'server') {
    const name = `${state.clonePrefix}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin(state.serverUrl!, `CREATE DATABASE ${name} TEMPLATE ${state.templateDb}`);
    return {
      url: withDatabase(state.serverUrl!, name),
      embedded: false,
      drop: () => admin(state.serverUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
    };
  }
  const bytes = fs.readFileSync(state.dumpFile!);
  const pg = await EmbeddedPostgres.start({ dataDir: null, template: new Blob([bytes]) });
  return { url: pg.url, embedded: true, drop: () => pg.stop() };
}

async function admin(url: string, sql: string): Promise<{ datname: string }[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

