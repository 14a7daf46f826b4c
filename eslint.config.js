import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', '.tmp/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Protocol sections start empty and are filled by their feature.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'webextension-polyfill', message: "Import `browser` from 'wxt/browser'." }] },
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
            { name: 'dexie', message: 'Views use lib/messaging, not Dexie.' },
            { name: '@mlc-ai/web-llm', message: 'Only the engine host imports WebLLM.' },
          ],
        },
      ],
    },
  },
);
