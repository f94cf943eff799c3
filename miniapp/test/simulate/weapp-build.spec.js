/**
 * Loads dist/weapp (run `npm run build:weapp` first) the way WeChat would: app.js and its chunks,
 * then the login and home pages through their own wxml (base.wxml templates compiled by wcc), and
 * checks that React renders Chinese UI into the page and that taps reach React handlers.
 */
const fs = require('node:fs');
const path = require('node:path');

const distDir = path.resolve(__dirname, '../../dist/weapp');
const simulate = require('miniprogram-simulate');

// miniprogram-simulate knows Component() only: the small shim below plays WeChat's App/Page/getApp.
let app = null;
const pageStack = [];
global.App = (options) => {
  app = options;
};
global.getApp = () => app;
global.getCurrentPages = () => pageStack;
global.Page = (options) => {
  const methods = {};
  for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value;
  global.Component({
    data: options.data,
    methods,
    lifetimes: {
      attached() {
        // Taro's page config keeps its lifecycle methods on the page instance itself.
        Object.assign(this, methods);
        this.route = options.route ?? '';
        pageStack.push(this);
        this.onLoad?.({});
        this.onShow?.();
        this.onReady?.();
      },
      detached() {
        this.onUnload?.();
        pageStack.splice(pageStack.indexOf(this), 1);
      },
    },
  });
};

const storage = new Map();
function stubWx() {
  // Only what Taro and our code touch at start; requests never leave the test.
  Object.assign(global.wx, {
    getStorageSync: (key) => storage.get(key) ?? '',
    setStorageSync: (key, value) => void storage.set(key, value),
    removeStorageSync: (key) => void storage.delete(key),
    request: (options) => {
      requests.push(options);
      setTimeout(() => options.fail?.({ errMsg: 'request:fail offline in smoke test' }), 0);
      return { abort() {} };
    },
    login: (options) => {
      logins.push(options);
      setTimeout(() => options.success?.({ code: 'smoke-code', errMsg: 'login:ok' }), 0);
    },
    showToast: (options) => toasts.push(options.title),
    reLaunch: (options) => navigations.push(options.url),
    redirectTo: (options) => navigations.push(options.url),
    navigateTo: (options) => navigations.push(options.url),
  });
}
const requests = [];
const logins = [];
const toasts = [];
const navigations = [];

// wcc reports templates missing from base.wxml (an element WeChat cannot render) as warnings.
const templateWarnings = [];
const warn = console.warn;
console.warn = (...args) => {
  const message = String(args[0]);
  if (/Template `[^`]+` not found/.test(message)) templateWarnings.push(message.split('\n')[0]);
  else warn(...args);
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms; fails the test if it does not hold within 10 s (a loaded CI machine). */
async function until(condition, what) {
  for (const deadline = Date.now() + 10_000; !condition();) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(20);
  }
}

/** Renders a page; Taro renders after a tick, then setData: `ready` tells when its content is there. */
async function renderPage(route, ready) {
  const id = simulate.load(path.join(distDir, route), { rootPath: distDir, compiler: 'official' });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  await until(() => ready(page), `${route} rendered`);
  return page;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(distDir, 'app.js'))) {
    throw new Error(`${distDir}/app.js is missing: run "npm run build:weapp" before this smoke test`);
  }
  global.wx = global.wx ?? {};
  stubWx();
  require(path.join(distDir, 'app.js'));
});

describe('weapp build in miniprogram-simulate', () => {
  let login;

  it('registers the app with the staff pages in a subpackage', () => {
    expect(app).not.toBeNull();
    const appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8'));
    expect(appJson.pages).toContain('pages/login/index');
    expect(appJson.subPackages.map((s) => s.root)).toEqual(['pages/staff']);
  });

  it('renders the login page through its wxml templates', async () => {
    // A page can be registered once per run (its chunk registers itself), so the tests share it.
    login = await renderPage('pages/login/index', (page) => page.dom.textContent.includes('微信一键登录'));
    const text = login.dom.textContent;
    expect(text).toContain('物业报事');
    expect(text).toContain('微信一键登录');
    expect(text).toContain('员工登录');
    expect(text).not.toContain('演示业主'); // the browser-only demo login is not in the weapp build
    expect(templateWarnings).toEqual([]);
  });

  it('runs wx.login and posts the code to the API when the owner taps WeChat login', async () => {
    // Taro binds `tap` on every node of its templates; tap the NutUI button's <button>.
    const button = login.querySelectorAll('.nut-button').find((b) => b.dom.textContent.trim() === '微信一键登录');
    expect(button).toBeTruthy();
    const before = requests.length;
    button.dispatchEvent('tap');
    const wechatCall = () => requests.slice(before).find((r) => r.url.endsWith('/api/auth/wechat'));
    await until(() => wechatCall(), 'the code posted to /api/auth/wechat');
    expect(logins.length).toBeGreaterThan(0);
    expect(wechatCall().data).toEqual({ code: 'smoke-code' });
    // Offline here: the request wrapper shows the shared Chinese message.
    await until(() => toasts.length > 0, 'a toast');
    expect(toasts).toContain('网络异常，请稍后重试');
  });
});

