import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

// TARO_ENV is set by `taro build --type <weapp|h5>`; keep the two outputs apart.
const taroEnv = process.env.TARO_ENV ?? 'weapp';

// A production weapp build without its server's origin or template ids is a development build: it
// calls 127.0.0.1 and asks no owner for message consent. Said on every such build (the size check
// in `npm test` makes one on purpose), so a release is never made so by accident.
if (taroEnv === 'weapp' && process.env.NODE_ENV === 'production') {
  const missing = [
    ['TARO_APP_API', 'it calls http://127.0.0.1:3000'],
    ['TARO_APP_SUBSCRIBE_TEMPLATES', 'it asks no owner for message consent'],
  ].filter(([name]) => !process.env[name]);
  if (missing.length) {
    console.warn(`\n[wuye] weapp build without ${missing.map(([name]) => name).join(' and ')}: not for release — `
      + `${missing.map(([, what]) => what).join(' and ')} (docs/miniapp.md)\n`);
  }
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'wuye-miniapp',
    date: '2026-11-30',
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    // Only TARO_APP_* variables reach client code. The H5 build is served by the API server itself,
    // so its API base defaults to '' (same origin, relative /api); the weapp build takes
    // TARO_APP_API (default http://127.0.0.1:3000 for WeChat DevTools; see docs/miniapp.md).
    env: {
      TARO_APP_API: JSON.stringify(process.env.TARO_APP_API ?? (taroEnv === 'weapp' ? 'http://127.0.0.1:3000' : '')),
      TARO_APP_SUBSCRIBE_TEMPLATES: JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATES ?? ''),
    },
    alias: {
      '@wuye/shared': path.resolve(__dirname, '../../shared/src/index.ts'),
      '@': path.resolve(__dirname, '../src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    // Taro's weapp minifier escapes every non-ASCII character (ascii_only): each Chinese character of
    // the UI became a six-byte \uXXXX instead of three UTF-8 bytes. WeChat reads package files as
    // UTF-8, so keep them as they are: ~5 KB of the owner's main package (docs/miniapp.md).
    terser: { enable: true, config: { output: { ascii_only: false } } },
    mini: {
      // Our pages nest about 8 levels deep; deeper trees still render through Taro's recursive
      // custom component. Fewer template levels keep base.wxml (main package) small.
      // @ts-expect-error read by Taro's template generator but missing from its config types
      baseLevel: 10,
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        // WeChat's renderer needs no vendor prefixes; they only cost main-package bytes.
        autoprefixer: { enable: false },
        pxtransform: { enable: true, config: { selectorBlackList: ['nut-'] } },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // shared/ lives outside the project: let babel compile its TypeScript too.
        chain.module.rule('script').include.add(path.resolve(__dirname, '../../shared/src'));
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: { selectorBlackList: ['nut-'] } },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        chain.module.rule('script').include.add(path.resolve(__dirname, '../../shared/src'));
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
