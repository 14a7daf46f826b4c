import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests in Firefox: the built add-on (.output/firefox-mv3) in Debian's Firefox ESR,
// driven over WebDriver BiDi (tests/e2e/driver/firefox.ts). `npm run test:e2e:firefox`.
export default defineConfig({
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/e2e/firefox/**/*.firefox.ts'],
    environment: 'node',
    // One browser at a time: the machine has two cores.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
