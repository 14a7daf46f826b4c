import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit and integration tests: lib/ and components in Node or happy-dom.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // A guard against hangs, not a speed target: real pages and tokenizers take over 30 s on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
