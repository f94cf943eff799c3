#!/usr/bin/env node
// Root `postinstall`: installs miniapp/ dependencies from miniapp's own lockfile. The mini-program's
// tool chain (Taro, webpack, babel, jest 29) is kept apart from the server's so npm never hoists
// clashing versions together. Skips when miniapp/node_modules already matches the lockfile.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const miniappDir = path.resolve(__dirname, '..', 'miniapp');
const manifest = path.join(miniappDir, 'package.json');
const lockfile = path.join(miniappDir, 'package-lock.json');
const nodeModules = path.join(miniappDir, 'node_modules');
const stampFile = path.join(nodeModules, '.wuye-install-stamp');

function log(message) {
  console.log(`[install-miniapp] ${message}`);
}

function fail(message) {
  console.error(`[install-miniapp] FAILED: ${message}`);
  process.exit(1);
}

function fingerprint() {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(manifest));
  if (fs.existsSync(lockfile)) hash.update(fs.readFileSync(lockfile));
  hash.update(process.version.split('.')[0]); // a new Node major may need fresh native packages
  return hash.digest('hex');
}

function npmCommand() {
  // Inside `npm install` this points at npm's own CLI; use the same npm that runs us.
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.js$/.test(execPath)) return { command: process.execPath, prefix: [execPath] };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

function childEnv() {
  // The root install's workspace flags must not leak into the nested install.
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(workspaces?|include_workspace_root)$/i.test(key)) delete env[key];
  }
  return env;
}

function main() {
  if (process.env.SKIP_MINIAPP_INSTALL === '1') {
    log('SKIP_MINIAPP_INSTALL=1: not installing miniapp dependencies.');
    return;
  }
  if (!fs.existsSync(manifest)) fail(`${manifest} not found.`);

  const expected = fingerprint();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === expected) {
    log('miniapp/node_modules is up to date with miniapp/package-lock.json; skipping.');
    return;
  }

  const args = fs.existsSync(lockfile) ? ['ci'] : ['install'];
  args.push('--no-audit', '--no-fund');
  const { command, prefix } = npmCommand();
  log(`running "npm ${args.join(' ')}" in miniapp/ …`);
  const result = spawnSync(command, [...prefix, ...args], { cwd: miniappDir, stdio: 'inherit', env: childEnv() });
  if (result.error) fail(`could not start npm: ${result.error.message}`);
  if (result.status !== 0) fail(`"npm ${args[0]}" in miniapp/ exited with ${result.status ?? result.signal}.`);

  fs.mkdirSync(nodeModules, { recursive: true });
  // Fingerprint again: `npm install` (no lockfile) has just written one.
  fs.writeFileSync(stampFile, `${fingerprint()}\n`);
  log('miniapp dependencies installed.');
}

main();
