import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Follows the static imports of a built entry file (and the scripts of an HTML
 * entry) inside the output folder and returns every file it loads at start-up.
 * Dynamic `import()` is not followed: lazily loaded code is not in the entry.
 */
export function staticClosure(outDir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(outDir, file), 'utf8');
    const refs = file.endsWith('.html')
      ? [...text.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
      : [...text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref)) continue;
      const resolved = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(file), ref);
      visit(resolved);
    }
  };
  visit(entry);
  return [...seen];
}

/** Total bytes of the files an entry loads at start-up. */
export function entrySize(outDir: string, entry: string): { bytes: number; files: string[] } {
  const files = staticClosure(outDir, entry);
  const bytes = files.reduce((sum, file) => sum + statSync(path.join(outDir, file)).size, 0);
  return { bytes, files };
}
