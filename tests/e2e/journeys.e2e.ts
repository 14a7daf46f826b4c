import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium } from './driver/chromium';
import type { Driver } from './driver/types';
import type { StaticServer } from './harness';
import { JOURNEYS, startSettings, type JourneyContext } from './journeys';
import { journeySite } from './journeys/site';

// The shared journeys (tests/e2e/journeys/) in Chromium; the same bodies run in Firefox (tests/e2e/firefox/).
describe('journeys in Chromium (shared with Firefox)', () => {
  let d: Driver;
  let site: StaticServer;
  const ctx = {} as JourneyContext;

  beforeAll(async () => {
    site = await journeySite();
    d = await launchChromium();
    await startSettings(d);
    Object.assign(ctx, { d, site });
  });
  afterAll(async () => {
    await d?.close();
    await site?.close();
  });

  for (const [name, journey] of JOURNEYS) it(name, () => journey(ctx));
});
