// Lint = correctness (TypeScript, hooks) + the one-way import flow of ARCHITECTURE.md:
// domain ← api ← stores ← components ← pages; platform only through its interface; mock/ sees domain + api.
const layer = (target, from, message) => ({ target, from, message })
const restrictTaroComponents = (importNames) => [
  'error',
  {
    paths: [
      {
        name: '@tarojs/components',
        importNames,
        message:
          "Icon, Checkbox and Radio draw with the weui icon font, which the H5 build leaves out (config/strip-weui-font.js); Button comes from '@/platform/button' (a native <button> on H5).",
      },
    ],
  },
]

module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module', ecmaFeatures: { jsx: true } },
  plugins: ['@typescript-eslint', 'react', 'react-hooks', 'import'],
  extends: [
    'eslint:recommended',
    'plugin:@typescript-eslint/recommended',
    'plugin:react/recommended',
    'plugin:react/jsx-runtime',
    'plugin:react-hooks/recommended',
  ],
  settings: {
    react: { version: '18' },
    'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
    'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
  },
  env: { es2022: true, node: true, browser: true },
  globals: { defineAppConfig: 'readonly', definePageConfig: 'readonly', wx: 'readonly', my: 'readonly' },
  ignorePatterns: ['dist/', 'node_modules/', '.temp/', 'coverage/', 'artifacts/', 'tests/mini/fixtures/'],
  rules: {
    'import/no-cycle': ['error', { ignoreExternal: true }],
    'import/no-restricted-paths': [
      'error',
      {
        zones: [
          layer('./src/domain', './src/!(domain)/**', 'src/domain is pure: it imports nothing else from src.'),
          layer('./src/domain', './mock', 'src/domain must not know the mock backend.'),
          layer('./src/api', './src/stores', 'api must not import stores (one-way flow).'),
          layer('./src/api', './src/components', 'api must not import components.'),
          layer('./src/api', './src/pages', 'api must not import pages.'),
          layer('./src/api', './src/packages', 'api must not import pages.'),
          layer('./src/stores', './src/components', 'stores must not import components.'),
          layer('./src/stores', './src/pages', 'stores must not import pages.'),
          layer('./src/stores', './src/packages', 'stores must not import pages.'),
          layer('./src/components', './src/pages', 'components must not import pages.'),
          layer('./src/components', './src/packages', 'components must not import pages.'),
          layer('./src/platform', './src/!(platform)/**', 'platform is a leaf: it imports nothing else from src.'),
          layer('./src/!(api)/**', './mock', 'only src/api may load the embedded mock backend.'),
          layer('./mock', './src/!(domain|api)/**', 'mock/ may import src/domain and the contract types in src/api only.'),
          layer('./src', './server', 'the app must not reach server-only code'),
          layer('./server/core', './src/!(domain|api)/**', 'server/core (the use cases) imports src/domain and the contract types only.'),
          layer('./server/core', './server/!(core)/**', 'server/core is platform-neutral (it runs in the app too): no server-only code.'),
          layer('./server/core', './mock', 'server/core must not know the mock.'),
          // The mock server (mock/server.ts) is the one Node program in mock/: it shares the servers' HTTP layer.
          layer('./mock/!(server).ts', './server/!(core)/**', 'the mock is bundled into the app: no server-only code.'),
          {
            target: './console',
            from: './src',
            // metrics-words: the words of GET /admin/metrics' figures, pure, for the H5 运营看板 and 数据看板 alike.
            except: ['./domain', './api/contract.ts', './packages/admin/metrics-words.ts'],
            message: 'the operator console shares src/domain, the contract types and the metrics words with the app, nothing else.',
          },
          layer('./console', './server', 'the operator console talks to the server over HTTP only.'),
          layer('./console', './mock', 'the operator console talks to the server over HTTP only.'),
          layer('./src', './console', 'the app must not reach the operator console (it stays out of the mini-program bundles).'),
        ],
      },
    ],
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    'react/prop-types': 'off',
  },
  overrides: [
    {
      // Rules and the backend that runs them take the clock and randomness from ctx, so tests can drive them.
      files: ['src/domain/**/*.ts', 'mock/**/*.ts', 'server/core/**/*.ts'],
      rules: {
        'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Inject randomness (ctx.rng) instead.' }],
        'no-restricted-syntax': [
          'error',
          { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use ctx.now.' },
          { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use ctx.now.' },
        ],
      },
    },
    {
      // The composition roots own the real clock and entropy; everything they call receives them.
      files: ['mock/server.ts', 'mock/embedded.ts'],
      rules: { 'no-restricted-syntax': 'off', 'no-restricted-properties': 'off' },
    },
    {
      // The H5 build strips the weui icon font from Taro's component stylesheet (config/strip-weui-font.js), and
      // Taro's H5 <Button> is a web component, not a button: the app's Button (src/platform/button*.tsx) is one.
      files: ['src/**/*.ts', 'src/**/*.tsx'],
      rules: { 'no-restricted-imports': restrictTaroComponents(['Icon', 'Checkbox', 'Radio', 'Button']) },
    },
    {
      // Mini-program-only code, where Taro's Button is the platform's native button (open-type and all).
      files: ['src/platform/button.tsx', 'src/platform/ui-mini.tsx', 'src/platform/ui.weapp.tsx', 'src/platform/ui.alipay.tsx'],
      rules: { 'no-restricted-imports': restrictTaroComponents(['Icon', 'Checkbox', 'Radio']) },
    },
    {
      files: ['tests/**', 'scripts/**', 'config/**', '*.js', '*.cjs'],
      rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-var-requires': 'off' },
    },
  ],
}
