// Two Jest projects: pure Node (domain, api contract, mock, mini-program harness) and jsdom (stores, components, pages).
const common = {
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '\\.(css|scss|sass|less)$': '<rootDir>/tests/support/style-mock.js',
    '^@tarojs/taro$': '<rootDir>/tests/support/taro-mock.ts',
    '^@tarojs/components$': '<rootDir>/tests/support/components-mock.tsx',
  },
  // tests/__mocks__ holds the zustand mock that resets every store after each test.
  roots: ['<rootDir>/tests'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json'],
}

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/{domain,api,mock,contract}/**/*.test.ts', '<rootDir>/tests/server/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/setup-timeout.ts'],
    },
    {
      ...common,
      // Boots the compiled dist/weapp and dist/alipay bundles in Node vm contexts (tests/mini/harness.ts).
      displayName: 'mini',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/mini/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/setup-timeout.ts'],
    },
    {
      ...common,
      displayName: 'dom',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/{stores,components,pages,platform}/**/*.test.{ts,tsx}', '<rootDir>/tests/compliance/**/*.test.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/setup-dom.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
    },
    {
      ...common,
      // The operator console (dist/console) in Chromium against the production server: npm run build:console first.
      displayName: 'console',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/console/**/*.test.ts'],
    },
  ],
}
