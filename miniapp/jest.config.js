// Component tests on Taro's H5 components (the same web components the H5 build renders), with
// Testing Library in jsdom. `@tarojs/taro` is replaced by a small mock (test/mocks/taro.ts).
const path = require('node:path');

/** ESM packages under node_modules that babel must compile for Jest. */
const ESM_PACKAGES = ['\\.pnpm', '@tarojs', '@nutui', '@stencil', 'swiper', 'lodash-es', '@babel/runtime', '@swc/helpers', 'classnames', 'tslib'];

module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/**/*.spec.tsx'], // the weapp smoke test (test/simulate/*.spec.js) has its own config
  // `*.h5.ts` first: the same platform files the H5 build picks.
  moduleFileExtensions: ['h5.tsx', 'h5.ts', 'tsx', 'ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['babel-jest', { configFile: path.join(__dirname, 'babel.config.js') }] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/node_modules/@tarojs/components/lib/react/index.js',
    '^@wuye/shared$': '<rootDir>/../shared/src/index.ts',
    '\\.(css|scss|less)$': '<rootDir>/test/mocks/style.js',
  },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-tests.ts'],
  testTimeout: 20000,
};
