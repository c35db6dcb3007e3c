/**
 * Jest configuration of `npm run screens` (not part of `npm test`): the page tests' project (`pages` in the root
 * jest.config.js: jsdom, miniprogram-simulate, a local cloud with the demo data) running scripts/screens/capture.ts.
 */
const path = require('path');
const { projects } = require('../../jest.config');

const pages = projects.find((p) => p.displayName === 'pages');

/** @type {import('jest').Config} */
module.exports = {
  ...pages,
  displayName: 'screens',
  rootDir: path.resolve(__dirname, '../..'),
  testTimeout: 120000,
  testMatch: ['<rootDir>/scripts/screens/capture.ts'],
};
