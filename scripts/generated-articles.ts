/** Generated articles of realistic length for the library benchmark (deterministic per index). */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

/** A deterministic pseudo-random generator (mulberry32). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Vocabulary of real English pages, most frequent first (for a Zipf-like draw). */
export function vocabulary(pagesDir: string): string[] {
  const counts = new Map<string, number>();
  for (const name of readdirSync(pagesDir)) {
    const file = path.join(pagesDir, name, 'expected.html');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8').replace(/<[^>]+>/g, ' ');
    for (const w of text.match(/[A-Za-z]{2,}/g) ?? []) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

export function makeArticle(i: number, vocab: string[]) {
  const random = rng(i + 1);
  const word = () => vocab[Math.floor(vocab.length * random() ** 3)]!;
  const sentence = () => {
    const n = 8 + Math.floor(random() * 18);
    const s = Array.from({ length: n }, word).join(' ');
    return s[0]!.toUpperCase() + s.slice(1) + '.';
  };
  let text = '';
  const blocks: Array<{ kind: 'heading' | 'paragraph'; level?: number; start: number; end: number }> = [];
  const add = (content: string, kind: 'heading' | 'paragraph', level?: number) => {
    if (text) text += '\n\n';
    blocks.push({ kind, ...(level ? { level } : {}), start: text.length, end: text.length + content.length });
    text += content;
  };
  let words = 0;
  while (words < 1300) {
    if (blocks.length % 5 === 0) add(Array.from({ length: 3 }, word).join(' '), 'heading', 2);
    const p = Array.from({ length: 3 + Math.floor(random() * 4) }, sentence).join(' ');
    words += p.split(' ').length;
    add(p, 'paragraph');
  }
  const site = `site${i % 50}.example`;
  const url = `https://${site}/article/${i}`;
  return { url, canonicalUrl: url, title: Array.from({ length: 6 }, word).join(' '), text, blocks, isArticle: true, wordCount: words, hasPasswordField: false };
}
