// ESLint flat config: typescript-eslint's recommended rules, plus the architecture's import bans.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'util', 'events', 'stream', 'readline', 'url', 'http', 'net'];

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/', 'media/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Everything but the extension glue runs without VS Code (CLI, tests in node, webview).
    files: ['src/log/**/*.ts', 'src/run/**/*.ts', 'src/cli/**/*.ts', 'src/protocol.ts', 'webview/**/*.ts', 'src/python/**/*.ts', 'src/lint/**/*.ts', 'src/explain/**/*.ts', 'src/calculator/**/*.ts', 'src/calculatorProtocol.ts'],
    rules: { 'no-restricted-imports': ['error', { name: 'vscode', message: 'Only src/extension may import vscode.' }] },
  },
  {
    // The math core is pure: no editor, no node, no DOM.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', 'node:*', ...nodeBuiltins], message: 'src/core must stay pure.' }] }],
      'no-restricted-globals': ['error', 'process', 'window', 'document', 'Buffer', 'require'],
    },
  },
  {
    files: ['scripts/**/*.{mjs,js,cjs}', 'eslint.config.mjs', 'test/**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-syntax': 'off' },
  },
);
