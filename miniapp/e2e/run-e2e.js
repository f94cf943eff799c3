#!/usr/bin/env node
/**
 * End-to-end test of the whole loop in real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core) against the real server on a fresh embedded database, using the H5 build the
 * server serves at `/`:
 *   owner binds a house → agent approves → owner reports a repair with a photo → agent accepts and
 *   assigns handler1 → handler starts and resolves → owner says "not fixed" → handler resolves
 *   again → owner verifies and rates → agent records the follow-up → owner sees 已办结 and the
 *   whole timeline; then the admin adds a handler in 人员管理, stops them (their sign-in is
 *   refused), sees 已停用, and restarts them (they sign in again); the handler changes their password;
 *   the admin sets up a community and its houses, corrects one and deletes another, and an owner
 *   applies for the corrected one.
 * Needs: `npm run build` at the root (server/dist) and `npm run build:h5`. Screenshots of every
 * step go to e2e/screenshots/ (ignored by git).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const repoRoot = path.resolve(__dirname, '../..');
// E2E_SERVER_MAIN: run another build of the server (e.g. a copy built elsewhere).
const serverMain = process.env.E2E_SERVER_MAIN || path.join(repoRoot, 'server/dist/main.js');
const h5Index = path.join(repoRoot, 'miniapp/dist/h5/index.html');
const screenshotDir = path.join(__dirname, 'screenshots');
const STEP_TIMEOUT_MS = 20_000;

const results = [];
let shotCount = 0;

function fail(message) {
  console.error(`\ne2e: FAILED — ${message}`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, server, logFile) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not become healthy; its log (${logFile}):\n${tail(logFile)}`);
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startServer() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-e2e-data-'));
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_LOGIN: 'true', SEED_DEMO: 'true', NODE_ENV: 'development' };
  delete env.DATABASE_URL; // always a fresh embedded database, never the CI database
  delete env.ADMIN_PASSWORD;
  const server = spawn(process.execPath, [serverMain], { cwd: path.resolve(path.dirname(serverMain), '../..'), env, stdio: ['ignore', log, log] });
  const base = `http://127.0.0.1:${port}`;
  const handle = { base, server, dataDir, logFile };
  try {
    await waitForHealth(base, server, logFile);
  } catch (error) {
    await stopServer(handle);
    throw error;
  }
  return handle;
}

async function stopServer(handle) {
  if (!handle) return;
  const { server, dataDir } = handle;
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await Promise.race([new Promise((r) => server.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function screenshot(page, name) {
  shotCount += 1;
  await page.waitForTimeout(400); // let Taro's page transition finish
  const file = path.join(screenshotDir, `${String(shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function step(name, page, run) {
  const started = Date.now();
  try {
    await run();
    const shot = await screenshot(page, name);
    results.push({ name, ok: true, ms: Date.now() - started, shot });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    const shot = await screenshot(page, `${name}-FAILED`).catch(() => null);
    results.push({ name, ok: false, ms: Date.now() - started, shot, error });
    console.log(`  ✗ ${name}: ${error.message.split('\n')[0]}`);
    await printWhatThePageDid(page);
    throw error;
  }
}

/**
 * What a failed step's page showed and asked for: CI keeps no screenshots, so a failure there has to
 * explain itself in the log (the page's address, its visible lines, its last API exchanges).
 */
async function printWhatThePageDid(page) {
  console.log(`    page: ${page.url()}`);
  const visible = await page
    .evaluate(() => document.body.innerText.split('\n').map((line) => line.trim()).filter(Boolean).slice(-12).join(' | '))
    .catch((e) => `(unreadable: ${e.message})`);
  console.log(`    last visible lines: ${visible}`);
  for (const line of (page.activity ?? []).slice(-20)) console.log(`    ${line}`);
}

/** Keeps a page's API exchanges, failed requests and console errors, with the time since start. */
function recordActivity(page) {
  const since = Date.now();
  const at = () => `+${((Date.now() - since) / 1000).toFixed(1)}s`;
  page.activity = [];
  const keep = (line) => {
    page.activity.push(`${at()} ${line}`);
    if (page.activity.length > 200) page.activity.shift();
  };
  const apiPath = (url) => {
    const { pathname, search } = new URL(url);
    return pathname.startsWith('/api/') ? pathname + search : null;
  };
  page.on('request', (r) => apiPath(r.url()) && keep(`→ ${r.method()} ${apiPath(r.url())}`));
  page.on('response', (r) => apiPath(r.url()) && keep(`← ${r.status()} ${r.request().method()} ${apiPath(r.url())}`));
  page.on('requestfailed', (r) => keep(`✗ ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('console', (m) => m.type() === 'error' && keep(`console: ${m.text()}`));
  page.on('framenavigated', (f) => f === page.mainFrame() && keep(`navigated: ${f.url()}`));
}

// ---- small page helpers (Taro H5 renders <taro-view-core>… web components) ----

// Taro H5 keeps earlier pages of the stack in the DOM, hidden: only ever match visible elements.
const text = (page, value) => page.getByText(value, { exact: true }).locator('visible=true');
const chip = (page, group, label) => page.getByRole('radiogroup', { name: group }).getByText(label, { exact: true });
const multiChip = (page, group, label) => page.getByRole('group', { name: group }).getByText(label, { exact: true });
const tap = async (locator) => locator.first().click();
// NutUI buttons are <taro-button-core class="nut-button"> whose inner text nodes take no pointer events.
const escapeRegExp = (value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const button = (scope, label) =>
  scope.locator('.nut-button').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }).locator('visible=true');

async function expectText(page, value) {
  await page.getByText(value, { exact: false }).locator('visible=true').first().waitFor({ state: 'visible' });
}

async function expectStatus(page, label) {
  // The case summary's status tag on the visible page (earlier pages stay in the DOM, hidden).
  await page.locator('.card .status').locator('visible=true').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first().waitFor();
}

/** Fills the staff login form and taps 员工登录 (the demo staff's password unless given). */
async function submitStaffLogin(page, base, username, password = 'demo1234') {
  await visit(page, `${base}/#/pages/login/index`);
  await page.locator('input[placeholder="用户名"]').fill(username);
  await page.locator('input[placeholder="密码"]').fill(password);
  await tap(button(page, '员工登录'));
}

async function loginStaff(page, base, username, password) {
  await submitStaffLogin(page, base, username, password);
  await page.waitForURL(/staff\/queue/);
}

/** Taps the confirm button of the Taro.showModal dialog on the page, after checking what it says. */
async function confirmModal(page, saying) {
  const modal = page.locator('.taro-modal__content').locator('visible=true');
  await modal.filter({ hasText: saying }).waitFor();
  await tap(modal.locator('.taro-model__confirm'));
  await modal.waitFor({ state: 'hidden' });
}

/** A full page load (not a hash change on the running app), so the page opened is the only one. */
/** Fills the binding form's name and phone for the house chosen, sends it, and waits for it listed 待审核. */
async function applyForChosenHouse(owner, house) {
  await owner.locator('input[placeholder="您的姓名"]').fill('吴女士');
  await owner.locator('input[placeholder="11 位手机号"]').fill('13800000006');
  await tap(button(owner, '提交绑定申请'));
  await owner.locator('.house-row').filter({ hasText: house }).filter({ hasText: '待审核' }).locator('visible=true').waitFor();
}

async function visit(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
}

async function openCase(page, base, route, caseId) {
  await visit(page, `${base}/#/pages/${route}/index?id=${caseId}`);
  await page.locator('.timeline').locator('visible=true').first().waitFor();
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    fail(`${CHROMIUM} not found. Install Debian's chromium (apt-get install -y chromium) — this test never downloads browsers.`);
  }
  if (!fs.existsSync(serverMain)) fail(`${serverMain} is missing: run "npm run build" at the repository root first.`);
  if (!fs.existsSync(h5Index)) fail(`${h5Index} is missing: run "npm run build:h5" first.`);
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });

  const { chromium } = require('playwright-core');
  let handle;
  let browser;
  const started = Date.now();
  try {
    console.log('e2e: starting the server on a fresh embedded database…');
    handle = await startServer();
    const { base } = handle;
    const home = await fetch(`${base}/`);
    const html = await home.text();
    if (!home.ok || !html.includes('id="app"')) throw new Error(`the server does not serve the H5 build at ${base}/ (HTTP ${home.status})`);
    console.log(`e2e: server at ${base}; launching ${CHROMIUM} (headless)`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    // One browser context per person: separate storage, so separate sessions.
    const newPhone = async (width = 390) => {
      const context = await browser.newContext({ viewport: { width, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.log(`    [page error] ${error.message}`));
      recordActivity(page);
      return page;
    };
    const owner = await newPhone();
    const agent = await newPhone();
    const handler = await newPhone();

    const photoFile = path.join(handle.dataDir, 'leak.png');
    const unique = Date.now().toString(36);
    const description = `E2E 厨房水龙头漏水 ${unique}`;
    let caseId = '';

    await step('owner-binds-house', owner, async () => {
      await owner.goto(`${base}/`);
      await tap(chip(owner, '演示业主', 'owner6'));
      await tap(button(owner, '以业主身份进入'));
      await button(owner, '我要报事').waitFor();
      await tap(text(owner, '绑定房屋'));
      await tap(chip(owner, '小区', '和园'));
      await tap(chip(owner, '楼栋', '1栋'));
      await tap(chip(owner, '单元', '1单元'));
      await tap(chip(owner, '房号', '1802'));
      await tap(chip(owner, '与房屋关系', '业主'));
      await applyForChosenHouse(owner, '1栋 1单元 1802');
      // The form no longer offers the house applied for (a second application would be a 409).
      const applied = chip(owner, '房号', '1802（待审核）').locator('visible=true');
      await applied.waitFor();
      if ((await applied.getAttribute('aria-disabled')) !== 'true') throw new Error('the room applied for can still be chosen');
    });

    await step('agent-approves-binding', agent, async () => {
      await loginStaff(agent, base, 'agent1');
      await tap(text(agent, '房屋审核'));
      const card = agent.locator('[aria-label="绑定申请 吴女士"]').filter({ hasText: '1栋 1单元 1802' });
      await card.waitFor();
      await tap(button(card, '通过'));
      await card.waitFor({ state: 'detached' });
    });

    await step('owner-reports-repair-with-photo', owner, async () => {
      await owner.screenshot({ path: photoFile }); // any real PNG will do as the photo
      await visit(owner, `${base}/#/pages/home/index`);
      await expectText(owner, '已通过');
      await tap(button(owner, '我要报事'));
      await tap(chip(owner, '类型', '报修'));
      await tap(chip(owner, '问题分类', '水电'));
      await owner.locator('textarea').first().fill(description);
      await tap(chip(owner, '紧急程度', '一般'));
      const chooser = owner.waitForEvent('filechooser');
      await tap(owner.getByLabel('添加照片'));
      await (await chooser).setFiles(photoFile);
      await owner.locator('.photos__item:not(.photos__item--pending)').locator('visible=true').first().waitFor();
      await owner.locator('.photos__item--pending').locator('visible=true').waitFor({ state: 'detached' }).catch(() => undefined);
      await expectText(owner, '1/9');
      await tap(chip(owner, '期望上门时间', '明天上午'));
      await tap(button(owner, '提交'));
      await owner.waitForFunction(() => location.hash.includes('case-detail'));
      await expectStatus(owner, '待受理');
      await owner.locator('.card .photos__image').first().waitFor();
      caseId = new URL(owner.url().replace('/#/', '/')).searchParams.get('id');
      if (!caseId) throw new Error(`no case id in ${owner.url()}`);
    });

    await step('agent-accepts-and-assigns', agent, async () => {
      await visit(agent, `${base}/#/pages/staff/queue/index`);
      await agent.getByRole('radiogroup', { name: '队列' }).getByText(/^待受理/).first().click(); // the agent's default tab
      await tap(agent.getByText(description));
      await agent.waitForSelector('.timeline');
      await tap(button(agent, '受理'));
      await expectStatus(agent, '已受理');
      await tap(button(agent, '派单'));
      await tap(agent.getByRole('radiogroup', { name: '处理人员' }).getByText(/^张师傅/));
      await tap(button(agent, '确认派单'));
      await expectStatus(agent, '已派单');
    });

    const resolveAs = async (note) => {
      await openCase(handler, base, 'staff/case', caseId);
      await tap(button(handler, '处理完成'));
      await handler.locator('textarea').first().fill(note);
      await tap(button(handler, '提交处理结果'));
      await expectStatus(handler, '待确认');
    };

    await step('handler-starts-and-resolves', handler, async () => {
      await loginStaff(handler, base, 'handler1');
      await openCase(handler, base, 'staff/case', caseId);
      await tap(button(handler, '开始处理'));
      await expectStatus(handler, '处理中');
      await resolveAs('已更换水龙头阀芯');
    });

    await step('owner-says-not-fixed', owner, async () => {
      await openCase(owner, base, 'case-detail', caseId);
      await tap(chip(owner, '是否解决', '未解决'));
      await owner.locator('textarea').first().fill('关上后还在滴水');
      await tap(button(owner, '提交确认'));
      await expectStatus(owner, '处理中');
    });

    await step('handler-resolves-again', handler, async () => {
      await resolveAs('更换整个龙头，已试水不漏');
    });

    await step('owner-verifies-and-rates', owner, async () => {
      await openCase(owner, base, 'case-detail', caseId);
      await tap(chip(owner, '是否解决', '已解决'));
      await tap(button(owner, '提交确认'));
      await expectStatus(owner, '待评价');
      await owner.getByLabel('总体评分').locator('.nut-rate-item').nth(4).click();
      await owner.getByLabel('处理质量').locator('.nut-rate-item').nth(3).click();
      await tap(multiChip(owner, '评价标签', '态度好'));
      await owner.locator('textarea').first().fill('第二次修得很好');
      await tap(button(owner, '提交评价'));
      await owner.getByText('为本次服务评价').waitFor({ state: 'detached' });
    });

    await step('agent-records-follow-up', agent, async () => {
      await openCase(agent, base, 'staff/case', caseId);
      await tap(button(agent, '回访'));
      await tap(chip(agent, '回访方式', '电话'));
      await tap(chip(agent, '回访结果', '满意'));
      await agent.locator('textarea').first().fill('业主表示满意');
      await tap(button(agent, '保存回访'));
      await expectStatus(agent, '已办结');
    });

    await step('agent-pages-through-the-queue', agent, async () => {
      // The demo's 90 days of cases are more than one page: the next page is appended, not lost.
      await visit(agent, `${base}/#/pages/staff/queue/index`);
      await agent.getByRole('radiogroup', { name: '队列' }).getByText(/^全部/).first().click();
      await expectText(agent, '已显示 50 件，共');
      // One number-and-time line per card.
      const cards = agent.locator('.card--link .card__ref').locator('visible=true');
      if ((await cards.count()) !== 50) throw new Error(`the first page shows ${await cards.count()} cases, not 50`);
      await tap(button(agent, '加载更多'));
      // Scrolling to the button may also load a page by itself (reaching the bottom does): 100 or more.
      await agent.waitForFunction(
        () => [...document.querySelectorAll('.card--link .card__ref')].filter((el) => el.offsetParent !== null).length >= 100,
      );
      const footer = await agent.locator('.list-footer').locator('visible=true').first().innerText();
      const shown = (await cards.allTextContents()).map((meta) => meta.split(' · ')[0]);
      if (!footer.includes(`已显示 ${shown.length} 件，共`) || shown.length % 50 !== 0 || new Set(shown).size !== shown.length) {
        throw new Error(`after more pages: ${shown.length} cases, ${new Set(shown).size} distinct numbers, the footer reads "${footer}"`);
      }
    });

    await step('owner-sees-closed-with-full-timeline', owner, async () => {
      await openCase(owner, base, 'case-detail', caseId);
      await expectStatus(owner, '已办结');
      const actions = (await owner.locator('.timeline__action').allTextContents()).map((a) => a.trim());
      const expected = ['提交', '受理', '派单', '开始处理', '处理完成', '确认结果', '处理完成', '确认结果', '评价', '回访'];
      let at = 0;
      for (const action of actions) if (action === expected[at]) at += 1;
      if (at < expected.length) {
        throw new Error(`timeline is missing "${expected[at]}" (in order ${expected.join(' → ')}); shown: ${actions.join(' → ')}`);
      }
      for (const detail of ['张师傅', '关上后还在滴水', '更换整个龙头，已试水不漏', '业主表示满意']) await expectText(owner, detail);
      if ((await owner.locator('.timeline .photos__image').locator('visible=true').count()) < 1) {
        throw new Error('the reported photo is not shown in the timeline');
      }
      await owner.setViewportSize({ width: 390, height: 2400 }); // the page scrolls inside Taro's container: show it all
    });

    // 人员管理 on a 375 px wide screen: an admin adds a handler, stops the account
    // (the person can no longer sign in), sees 已停用, and restarts it (they can sign in again).
    const admin = await newPhone(375);
    const newcomer = await newPhone();
    const newUsername = `e2e-handler-${unique}`;
    const newName = `测试师傅${unique.slice(-4)}`;
    const newcomerCard = () => admin.locator(`[aria-label="人员 ${newName}"]`).locator('visible=true');

    await step('admin-adds-a-handler', admin, async () => {
      await loginStaff(admin, base, 'admin');
      await tap(text(admin, '人员管理'));
      await admin.locator('[aria-label="人员 张师傅"]').locator('visible=true').waitFor();
      await tap(button(admin, '新增人员'));
      await admin.locator('input[placeholder^="3–50 位"]').fill(newUsername);
      await admin.locator('input[placeholder^="至少 8 位"]').fill('e2e-pass-123');
      await admin.locator('input[placeholder="如 张师傅"]').fill(newName);
      await tap(chip(admin, '角色', '处理人员'));
      await tap(multiChip(admin, '所属小区', '和园'));
      await tap(button(admin, '保存'));
      await newcomerCard().filter({ hasText: '所属小区：和园' }).waitFor();
      await loginStaff(newcomer, base, newUsername, 'e2e-pass-123');
    });

    await step('admin-stops-the-handler', admin, async () => {
      await tap(button(newcomerCard(), '停用'));
      await confirmModal(admin, '不能再登录');
      await newcomerCard().locator('.status').filter({ hasText: '已停用' }).waitFor();
      await button(newcomerCard(), '启用').waitFor();
      // Signed out at the next request of the page they had open, and refused at sign-in.
      await visit(newcomer, `${base}/#/pages/staff/queue/index`);
      await newcomer.waitForURL(/pages\/login/);
      await submitStaffLogin(newcomer, base, newUsername, 'e2e-pass-123');
      await expectText(newcomer, '账号已停用，请联系管理员');
    });

    await step('admin-restarts-the-handler', admin, async () => {
      await tap(button(newcomerCard(), '启用'));
      await confirmModal(admin, '可以用原来的密码重新登录');
      await button(newcomerCard(), '停用').waitFor();
      if (await newcomerCard().locator('.status').filter({ hasText: '已停用' }).count()) throw new Error('still marked 已停用 after 启用');
      await loginStaff(newcomer, base, newUsername, 'e2e-pass-123');
    });

    await step('handler-changes-own-password', newcomer, async () => {
      await tap(text(newcomer, '修改密码'));
      const form = newcomer.locator('[aria-label="修改密码"]').locator('visible=true');
      await form.locator('input').nth(0).fill('e2e-pass-123');
      await form.locator('input').nth(1).fill('e2e-pass-456');
      await form.locator('input').nth(2).fill('e2e-pass-456');
      await tap(button(newcomer, '确认修改'));
      // Still signed in on this device: back on the queue, which loads with the new token.
      await newcomer.waitForURL(/staff\/queue/);
      await text(newcomer, '修改密码').waitFor();
      await submitStaffLogin(newcomer, base, newUsername, 'e2e-pass-123');
      await expectText(newcomer, '用户名或密码错误');
      await loginStaff(newcomer, base, newUsername, 'e2e-pass-456');
    });

    // 小区与房屋: the admin sets up a new community and a building's houses; an owner then finds
    // the community and a room of it in the binding form.
    const communityName = `E2E花园${unique.slice(-4)}`;
    await step('admin-sets-up-a-community-and-its-houses', admin, async () => {
      await visit(admin, `${base}/#/pages/staff/queue/index`);
      await tap(text(admin, '小区与房屋'));
      await tap(chip(admin, '小区', '＋ 新建小区'));
      await admin.locator('input[placeholder="如：和园"]').locator('visible=true').fill(communityName);
      await admin.locator('input[placeholder="工单编号的前缀，如 HY"]').locator('visible=true').fill(`e${unique.slice(-4)}`);
      await tap(button(admin, '确认新建'));
      await expectText(admin, `${communityName}（编码 E${unique.slice(-4).toUpperCase()}）`);
      await expectText(admin, '还没有房屋');
      await admin.locator('input[placeholder="如：5栋"]').locator('visible=true').fill('1栋');
      await admin.locator('input[placeholder="如：18"]').locator('visible=true').fill('3');
      await admin.locator('input[placeholder="如：4（房号 01–04）"]').locator('visible=true').fill('2');
      await expectText(admin, '共 6 户：1栋 101 至 1栋 302');
      await tap(button(admin, '添加房屋'));
      await confirmModal(admin, `将在 ${communityName} 添加 6 户`);
      await admin.locator('[aria-label="已有楼栋"]').locator('visible=true').filter({ hasText: '1栋' }).waitFor();
    });

    // A house entered wrongly: the admin corrects one room number and deletes a house that was never there.
    await step('admin-corrects-and-deletes-houses', admin, async () => {
      await tap(chip(admin, '楼栋列表', '1栋'));
      await tap(chip(admin, '房屋', '302'));
      await admin.locator('[aria-label="修改房屋"] input').locator('visible=true').nth(2).fill('303');
      await tap(button(admin, '保存修改'));
      await chip(admin, '房屋', '303').locator('visible=true').waitFor();
      await tap(chip(admin, '房屋', '101'));
      await tap(button(admin, '删除房屋'));
      await confirmModal(admin, '删除 1栋 101');
      await chip(admin, '房屋', '101').waitFor({ state: 'detached' });
      await chip(admin, '房屋', '302').waitFor({ state: 'detached' });
    });

    await step('owner-applies-for-a-house-of-the-new-community', owner, async () => {
      await visit(owner, `${base}/#/pages/bind-house/index`);
      await tap(chip(owner, '小区', communityName));
      await tap(chip(owner, '楼栋', '1栋'));
      await tap(chip(owner, '房号', '303'));
      await applyForChosenHouse(owner, '1栋 303');
    });
  } finally {
    await browser?.close().catch(() => undefined);
    const failed = results.find((r) => !r.ok);
    if (failed && handle) console.log(`\nserver log (last lines):\n${tail(handle.logFile)}`);
    await stopServer(handle);
    const passed = results.filter((r) => r.ok).length;
    console.log(`\ne2e: ${passed}/${results.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(process.cwd(), screenshotDir) || screenshotDir}`);
  }
}

main().then(
  () => {
    if (results.some((r) => !r.ok) || results.length === 0) process.exit(1);
    console.log('e2e: PASSED');
  },
  (error) => {
    console.error(`\ne2e: FAILED — ${error.stack ?? error}`);
    process.exit(1);
  },
);
