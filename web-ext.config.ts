import { existsSync } from 'node:fs';
import type { WebExtConfig } from 'wxt';

// `npm run dev` / `npm run dev:firefox`: WXT starts the browser through web-ext with the
// extension loaded. Debian installs Chromium and Firefox ESR under names web-ext does not
// look for, so they are named here — only where they exist: elsewhere web-ext finds the
// installed Chrome or Firefox itself. GLEANER_CHROMIUM / GLEANER_FIREFOX choose another binary.
const chromium = process.env.GLEANER_CHROMIUM ?? '/usr/bin/chromium';
const firefox = process.env.GLEANER_FIREFOX ?? '/usr/bin/firefox-esr';

// A plain object (what defineWebExtConfig returns), so reading it does not load all of WXT.
export default {
  binaries: {
    ...(existsSync(chromium) ? { chrome: chromium } : {}),
    ...(existsSync(firefox) ? { firefox } : {}),
  },
} satisfies WebExtConfig;
