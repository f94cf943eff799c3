/**
 * `npm run bench:soak` — a fixed request rate for a fixed time on loopback, bounded in count and
 * time: zero errors expected, and the server's memory (RSS) sampled from start to end.
 *
 *   node server/dist/bench/soak.js [--db pg|embedded] [--rate 100] [--duration 60] [--cases 10000]
 *
 * The mix: 60 % staff queue pages with filters, 25 % case detail, 15 % owner submissions with an
 * Idempotency-Key.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BenchDatabase, describe, freePort, growCases, load, machine, option, seedWorld, sleep, startProcess, timelineCases, type DbKind, type World,
} from './bench-support';

const KIND = option('db', 'pg') as DbKind;
const RATE = Number(option('rate', '100'));
const DURATION = Number(option('duration', '60'));
const CASES = Number(option('cases', '10000'));

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function main(): Promise<void> {
  console.log(`bench:soak — ${new Date().toISOString()} — ${machine()}`);
  const db = new BenchDatabase(KIND, `soak${KIND}`);
  await db.create();
  try {
    let world: World | null = null;
    let timeline: { id: string }[] = [];
    await db.withClient(async (client) => {
      world = await seedWorld(client, 2000, 200);
      await growCases(client, CASES);
      timeline = await timelineCases(client, 200);
    });
    const w = world!;
    const server = await startProcess('main.js', db.env(await freePort()), { log: path.join(os.tmpdir(), `wuye-soak-${process.pid}.log`) });
    try {
      const pid = server.proc.pid!;
      const samples: number[] = [rssMb(pid)];
      const sampler = setInterval(() => samples.push(rssMb(pid)), 5000);
      let i = 0;
      const queuePaths = ['/api/cases?page=1&pageSize=20', '/api/cases?status=submitted,accepted&pageSize=20', '/api/cases?overdue=true&pageSize=20',
        `/api/cases?communityId=${w.communities[0].id}&page=2&pageSize=20`];
      const result = await load({
        name: `soak ${KIND} ${RATE} req/s × ${DURATION} s`,
        url: server.url,
        connections: 20,
        durationSeconds: DURATION,
        overallRate: RATE,
        amount: RATE * DURATION,
        next: () => {
          i++;
          const slot = i % 20;
          if (slot < 3) {
            const owner = w.owners[i % w.owners.length];
            return {
              method: 'POST', path: '/api/cases',
              headers: { authorization: `Bearer ${owner.token}`, 'x-forwarded-for': owner.address, 'idempotency-key': `soak-${process.pid}-${i}` },
              body: JSON.stringify({ type: 'repair', category: '水电', description: `浸泡测试 ${i}:走廊灯不亮`, houseId: owner.houseId }),
            };
          }
          const agent = w.agents[i % w.agents.length];
          const headers = { authorization: `Bearer ${agent.token}`, 'x-forwarded-for': agent.address };
          if (slot < 8) return { path: `/api/cases/${timeline[i % timeline.length].id}`, headers };
          return { path: queuePaths[i % queuePaths.length], headers };
        },
      });
      clearInterval(sampler);
      await sleep(1000);
      samples.push(rssMb(pid));
      const start = samples[0];
      const end = samples[samples.length - 1];
      console.log(describe(result));
      console.log(`RSS samples (MB, every 5 s): ${samples.join(' ')}`);
      const errors = result.non2xx + result.errors;
      console.log(`soak ${KIND}: ${errors} errors in ${result.total} requests, RSS ${start} → ${end} MB, max ${Math.max(...samples)} MB (ratio ${(end / start).toFixed(2)})`);
      if (errors) process.exitCode = 1;
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
