import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, type FirefoxDriver } from '../driver/firefox';
import type { StaticServer } from '../harness';
import { JOURNEYS, startSettings, type JourneyContext } from '../journeys';
import { journeySite } from '../journeys/site';

// The shared journeys (tests/e2e/journeys/) in Firefox: one browser launch for all of them.
describe('journeys in Firefox (shared with Chromium)', () => {
  let d: FirefoxDriver;
  let site: StaticServer;
  const ctx = {} as JourneyContext;

  beforeAll(async () => {
    site = await journeySite();
    d = await launchFirefox();
    await startSettings(d);
    Object.assign(ctx, { d, site });
  });
  afterAll(async () => {
    await d?.close();
    await site?.close();
  });

  for (const [name, journey] of JOURNEYS) it(name, () => journey(ctx));
});
