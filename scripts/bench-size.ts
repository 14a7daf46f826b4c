import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { entrySize } from './bundle-graph';
import { NO_BUILD, scriptArgs } from './args';

// Prints the start-up size of each built entry of the Chrome build as JSON
// (what each context downloads and parses before it can run).
const outDir = path.resolve('.output/chrome-mv3');
const { values: args } = scriptArgs(NO_BUILD, 'npm run bench:size -- [--no-build]');
if (!args['no-build'] || !existsSync(outDir)) execSync('npx wxt build', { stdio: 'ignore' });

const entries = ['background.js', 'popup.html', 'sidepanel.html', 'offscreen.html', 'content-scripts/extract.js'];
const report: Record<string, { kB: number; files: number }> = {};
for (const entry of entries) {
  if (!existsSync(path.join(outDir, entry))) continue;
  const { bytes, files } = entrySize(outDir, entry);
  report[entry] = { kB: Math.round(bytes / 102.4) / 10, files: files.length };
}
console.log(JSON.stringify(report, null, 2));
