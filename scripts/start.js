#!/usr/bin/env node
// `npm start`: the whole product on this machine. Demo data and the demo owner login are switched
// on here, explicitly, unless the environment says otherwise (and never with NODE_ENV=production).
// The H5 build of the mini-program is built on first start if it is missing, then served at `/`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const production = process.env.NODE_ENV === 'production';
if (!production) {
  process.env.SEED_DEMO ??= 'true';
  process.env.DEMO_LOGIN ??= 'true';
}

const h5Index = path.join(root, 'miniapp', 'dist', 'h5', 'index.html');
if (!fs.existsSync(h5Index) && process.env.SKIP_H5_BUILD !== 'true') {
  if (fs.existsSync(path.join(root, 'miniapp', 'node_modules'))) {
    console.log('Building the H5 mini-program once (about 30 s; set SKIP_H5_BUILD=true to skip)…');
    const result = spawnSync('npm', ['run', 'build:h5', '--silent'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) console.warn('H5 build failed: the API still starts; see `npm run build:h5`.');
  } else {
    console.warn('miniapp/node_modules is missing (run `npm install`): starting the API without the H5 app.');
  }
}

require(path.join(root, 'server', 'dist', 'main.js'));
