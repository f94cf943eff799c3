#!/usr/bin/env node
// The mini-program part of the root `npm test`, in order: type-check, component tests (Jest),
// weapp production build + main-package size check, miniprogram-simulate smoke test of that build,
// H5 build, then the Playwright end-to-end test in headless Debian chromium against the real
// server (built here with `npm run build`). Every step runs unless one it depends on failed;
// a summary is printed and any failure makes the exit code non-zero.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const miniapp = path.join(root, 'miniapp');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const steps = [
  { name: 'miniapp type-check', cmd: [npm, 'run', '--silent', 'typecheck'], cwd: miniapp },
  { name: 'component tests (Jest)', cmd: [npm, 'test', '--silent'], cwd: miniapp },
  { name: 'weapp build (production)', cmd: [npm, 'run', '--silent', 'build:weapp'], cwd: miniapp, env: { NODE_ENV: 'production' } },
  { name: 'weapp main-package size ≤ 400 KB', cmd: [process.execPath, 'scripts/check-size.js'], cwd: miniapp, needs: ['weapp build (production)'] },
  { name: 'miniprogram-simulate smoke test', cmd: [npm, 'run', '--silent', 'test:simulate'], cwd: miniapp, needs: ['weapp build (production)'] },
  { name: 'h5 build (production)', cmd: [npm, 'run', '--silent', 'build:h5'], cwd: miniapp, env: { NODE_ENV: 'production' } },
  { name: 'server build for e2e (npm run build)', cmd: [npm, 'run', '--silent', 'build'], cwd: root },
  {
    name: 'end-to-end in headless chromium',
    cmd: [process.execPath, 'e2e/run-e2e.js'],
    cwd: miniapp,
    needs: ['h5 build (production)', 'server build for e2e (npm run build)'],
    precheck: () =>
      fs.existsSync(CHROMIUM)
        ? null
        : `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium); browsers are never downloaded`,
  },
];

function banner(text) {
  console.log(`\n=== miniapp: ${text} ===`);
}

function main() {
  if (!fs.existsSync(path.join(miniapp, 'node_modules'))) {
    console.error('test-miniapp: miniapp/node_modules is missing — run `npm install` (or `npm ci`) at the repository root first.');
    return 1;
  }
  const outcome = new Map();
  const summary = [];
  for (const step of steps) {
    const blocked = (step.needs ?? []).filter((dep) => outcome.get(dep) !== 'passed');
    if (blocked.length) {
      outcome.set(step.name, 'skipped');
      summary.push({ name: step.name, result: `NOT RUN (needs: ${blocked.join(', ')})`, seconds: 0 });
      continue;
    }
    banner(step.name);
    const problem = step.precheck?.();
    if (problem) {
      console.error(`test-miniapp: ${problem}`);
      outcome.set(step.name, 'failed');
      summary.push({ name: step.name, result: `FAILED (${problem})`, seconds: 0 });
      continue;
    }
    const started = Date.now();
    const result = spawnSync(step.cmd[0], step.cmd.slice(1), {
      cwd: step.cwd,
      stdio: 'inherit',
      env: { ...process.env, ...step.env },
    });
    const seconds = (Date.now() - started) / 1000;
    const ok = result.status === 0;
    outcome.set(step.name, ok ? 'passed' : 'failed');
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    summary.push({ name: step.name, result: ok ? 'passed' : `FAILED (${why})`, seconds });
  }

  banner('summary');
  const width = Math.max(...summary.map((s) => s.name.length));
  for (const s of summary) console.log(`  ${s.name.padEnd(width)}  ${s.result}${s.seconds ? ` (${s.seconds.toFixed(1)} s)` : ''}`);
  const failed = summary.filter((s) => s.result !== 'passed');
  console.log(failed.length ? `\nmini-program checks: ${failed.length} of ${summary.length} did not pass` : '\nmini-program checks: all passed');
  return failed.length ? 1 : 0;
}

process.exitCode = main();
