import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadResult, LoadSpec } from './bench-support';

/**
 * Latency at a fixed request rate, the way an owner or a clerk meets it: one request every
 * 1000/rate ms, evenly spaced, over at most `connections` keep-alive connections, each timed from
 * the moment it was due — so a server that stalls is charged for the requests it held back (no
 * coordinated omission). autocannon's `overallRate` is no use here: it releases each second's
 * requests at once, and its latencies were the queue of that burst (p50 ≈ 50 ms, p99 up to 511 ms
 * at half the throughput the same server sustained with p99 ≈ 200 ms).
 *
 * It starts with a second of rest and then a second at the rate that is not counted: run
 * right after a load that kept 50 connections busy, the server was still answering that load's last
 * requests, and the first paced ones queued behind them — one run's 62 requests over 40 ms held 38
 * from its first 200 ms, its p99 (93 ms) the previous load's tail, not this one's.
 */
export async function pacedLoad(spec: Omit<LoadSpec, 'overallRate' | 'amount' | 'pid'> & { rate: number }): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const interval = 1000 / spec.rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  // BENCH_PACED_TRACE=<folder>: each counted request's [ms sent after the measurement began, latency
  // in ms, path] written to <folder>/<load>.json, to see whether slow requests come together (a stall) or apart.
  const trace: [number, number, string][] | null = process.env.BENCH_PACED_TRACE ? [] : null;

  const send = (due: number, counted: boolean) => {
    const r = spec.next();
    const done = new Promise<void>((resolve) => {
      const req = http.request({
        host: target.hostname, port: target.port, path: r.path, method: r.method ?? 'GET', agent,
        headers: { ...(r.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body) } : {}), ...r.headers },
        timeout: 10_000,
      }, (res) => {
        res.resume();
        res.on('end', () => {
          if (!counted) return resolve();
          const latency = performance.now() - due;
          latencies.push(latency);
          trace?.push([Math.round(due - measuredFrom), Math.round(latency), r.path]);
          if (!res.statusCode || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!counted) return resolve();
        errors++;
        const kind = error.code ?? error.message;
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
        resolve();
      });
      req.end(r.body);
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  await new Promise((resolve) => setTimeout(resolve, 1000));
  const start = performance.now();
  const measuredFrom = start + 1000;
  const end = measuredFrom + spec.durationSeconds * 1000;
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    send(due, due >= measuredFrom);
  }
  await Promise.all(inFlight);
  agent.destroy();
  if (trace) {
    fs.mkdirSync(process.env.BENCH_PACED_TRACE!, { recursive: true });
    fs.writeFileSync(path.join(process.env.BENCH_PACED_TRACE!, `${spec.name.replace(/[^\w@]+/g, '-')}.json`), JSON.stringify(trace));
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]) : 0);
  return {
    name: spec.name,
    rps: Math.round(latencies.length / spec.durationSeconds),
    p50: at(0.5),
    p99: at(0.99),
    total: latencies.length + errors,
    non2xx,
    errors,
    ...(errorKinds.size ? { errorKinds: Object.fromEntries(errorKinds) } : {}),
  };
}
