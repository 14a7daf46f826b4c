import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', '.tmp/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Protocol sections start empty and are filled by their feature.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'webextension-polyfill', message: "Import `browser` from 'wxt/browser'." }] }],
    },
  },
  {
    // Layers: lib/ is plain logic that every context (and Node) can run; it never reaches up
    // into views or entrypoints. (docs/architecture.md)
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'webextension-polyfill', message: "Import `browser` from 'wxt/browser'." }],
          patterns: [
            { group: ['@/components/*', '**/components/*'], message: 'lib/ does not import views: pass what it needs as arguments.' },
            { group: ['@/entrypoints/*', '**/entrypoints/*'], message: 'lib/ does not import entrypoints: they wire lib/, not the reverse.' },
          ],
        },
      ],
    },
  },
  {
    // Views talk to the rest only through lib/messaging: no storage, no engine.
    files: ['components/**', 'entrypoints/popup/**', 'entrypoints/sidepanel/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'webextension-polyfill', message: "Import `browser` from 'wxt/browser'." },
            { name: 'dexie', message: 'Views use lib/messaging, not Dexie.' },
            { name: '@mlc-ai/web-llm', message: 'Only the engine host imports WebLLM.' },
          ],
          patterns: [{ group: ['@/entrypoints/background/*', '**/background/*-handlers'], message: 'Views reach the background through lib/messaging, never by import.' }],
        },
      ],
    },
  },
  {
    // Preact hooks follow React's rules: called unconditionally, with every value they read in their deps
    // (a missing dep is a stale closure: a handler that keeps the first render's values).
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Type-aware rules, only the cheap ones that catch real bugs: a promise nobody awaits or
    // catches (an unhandled rejection in a service worker is lost), an await on a non-promise.
    files: ['lib/**/*.ts', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
