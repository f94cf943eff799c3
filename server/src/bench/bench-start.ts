/**
 * `npm run bench:start` — cold start of the embedded default: `node server/dist/main.js` to the
 * first 200 of /api/health, on an existing data folder (made, with the demo data, by a first start
 * that is not counted). Several runs; the median is the result.
 *
 *   node server/dist/bench/bench-start.js [--runs 5]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, machine, option, startProcess } from './bench-support';

const RUNS = Number(option('runs', '5'));
const TARGET_MS = 3000;

async function main(): Promise<void> {
  console.log(`bench:start — ${new Date().toISOString()} — ${machine()}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-bench-start-'));
  const log = path.join(os.tmpdir(), `wuye-bench-start-${process.pid}.log`);
  const env = async () => ({ PATH: process.env.PATH ?? '', PORT: String(await freePort()), DATA_DIR: dataDir, SEED_DEMO: 'true' });
  try {
    const first = await startProcess('main.js', await env(), { log });
    console.log(`first start (new data folder, migrations, demo data): ${first.readyMs} ms — not counted`);
    await first.stop();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const server = await startProcess('main.js', await env(), { log });
      times.push(server.readyMs);
      console.log(`run ${i + 1}: ${server.readyMs} ms`);
      await server.stop();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`min ${times[0]} ms, max ${times[times.length - 1]} ms (log: ${log})`);
    console.log(`cold start: ${median} ms (ratio to 3 s target ${(median / TARGET_MS).toFixed(2)})`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
