#!/usr/bin/env node
// Checks the production weapp build: staff pages must be a subpackage, and the main package
// (everything outside subpackage roots) must stay within the budget. WeChat's own hard limit
// is 2 MB per package; we keep the owner download far smaller.
const fs = require('node:fs');
const path = require('node:path');

const MAIN_BUDGET_BYTES = 400 * 1024;
const distDir = path.resolve(__dirname, '../dist/weapp');

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function main() {
  const appJsonPath = path.join(distDir, 'app.json');
  if (!fs.existsSync(appJsonPath)) {
    console.error(`size check: ${appJsonPath} is missing; run "npm run build:weapp" first.`);
    return 1;
  }
  if (fs.readdirSync(distDir).some((name) => name.endsWith('.map'))) {
    console.error('size check: the weapp build has source maps; judge the size of a production build only.');
    return 1;
  }
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
  const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/$/, ''));
  if (!subRoots.some((root) => root.includes('staff'))) {
    console.error('size check: app.json has no staff subpackage.');
    return 1;
  }
  const staffInMain = appJson.pages.filter((page) => page.includes('staff'));
  if (staffInMain.length) {
    console.error(`size check: staff pages in the main package: ${staffInMain.join(', ')}`);
    return 1;
  }

  let main = 0;
  const subs = Object.fromEntries(subRoots.map((root) => [root, 0]));
  for (const file of filesUnder(distDir)) {
    const rel = path.relative(distDir, file).split(path.sep).join('/');
    if (rel === 'project.config.json' || rel.endsWith('.LICENSE.txt')) continue; // not uploaded
    const size = fs.statSync(file).size;
    const root = subRoots.find((r) => rel.startsWith(`${r}/`));
    if (root) subs[root] += size;
    else main += size;
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`main package: ${kb(main)} (budget ${kb(MAIN_BUDGET_BYTES)})`);
  for (const [root, size] of Object.entries(subs)) console.log(`subpackage ${root}: ${kb(size)}`);
  if (main > MAIN_BUDGET_BYTES) {
    console.error(`size check: main package is ${kb(main - MAIN_BUDGET_BYTES)} over budget.`);
    return 1;
  }
  console.log('size check: ok');
  return 0;
}

process.exitCode = main();
