/**
 * Two projects:
 * - `node`: the local cloud, cloud functions, scripts (ts-jest, Node environment);
 * - `pages`: mini-program pages and components rendered by miniprogram-simulate in jsdom, each test file with its
 *   own local cloud (see docs/miniprogram.md, "Page tests").
 */
const tsJest = (tsconfig) => ['ts-jest', { tsconfig }];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest('tsconfig.node.json') },
      testMatch: ['<rootDir>/**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/miniprogram_npm/', '<rootDir>/miniprogram/'],
    },
    {
      displayName: 'pages',
      testEnvironment: '<rootDir>/miniprogram/test/support/environment.js',
      transform: {
        '^.+\\.ts$': tsJest('tsconfig.json'),
        // TDesign's miniprogram_dist is ES modules.
        '^.+\\.js$': [
          'babel-jest',
          { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] },
        ],
      },
      transformIgnorePatterns: ['/node_modules/(?!tdesign-miniprogram/)'],
      moduleNameMapper: {
        '^tdesign-miniprogram/(.*)$': '<rootDir>/node_modules/tdesign-miniprogram/miniprogram_dist/$1',
      },
      setupFilesAfterEnv: ['<rootDir>/miniprogram/test/support/setup.js'],
      testMatch: ['<rootDir>/miniprogram/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/miniprogram_npm/'],
    },
  ],
};
