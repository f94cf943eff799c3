// Smoke test of the production weapp build with miniprogram-simulate (j-component + the official
// wcc template compiler): the built JS runs as-is, so nothing is transformed.
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test/simulate'],
  testMatch: ['<rootDir>/test/simulate/**/*.spec.js'],
  transform: {},
  testTimeout: 30000,
};
