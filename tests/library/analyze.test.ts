import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { analyze, terms } from '@/lib/library/analyze';
import { PAGES_DIR, savedPage } from './support/saved-page';

describe('analyze', () => {
  it('folds case, drops English stop words and stems with Porter', () => {
    expect(terms('The Runners were RUNNING to the running track')).toEqual(['runner', 'run', 'run', 'track']);
    expect(terms('connection connected connecting')).toEqual(['connect', 'connect', 'connect']);
  });

  it('folds accents and German sharp s, keeps umlaut words searchable without them', () => {
    expect(terms('Café résumé')).toEqual(terms('cafe resume'));
    expect(terms('Straße über Äpfel')).toEqual(terms('strasse uber apfel'));
  });

  it('segments Japanese and Chinese with Intl.Segmenter (no spaces in the text)', () => {
    const ja = terms('東京タワーへ行きました');
    expect(ja).toContain('東京タワー');
    expect(ja).not.toContain('へ');
    const zh = terms('我们在北京大学学习中文');
    expect(zh).toEqual(expect.arrayContaining(['北京', '大学']));
    expect(zh.join('')).toContain('中文');
  });

  it('gives offsets that locate each word in the original text', () => {
    const text = 'Ünïcode — 東京 and Résumés';
    for (const token of analyze(text)) expect(text.slice(token.start, token.end).length).toBeGreaterThan(0);
    const last = analyze(text).at(-1)!;
    expect(text.slice(last.start, last.end)).toBe('Résumés');
  });

  it('skips very long tokens (hashes, base64) and handles full-width digits', () => {
    expect(terms('a'.repeat(100))).toEqual([]);
    expect(terms('２０２４年')).toContain('2024');
  });

  it('gives from terms() exactly the terms of analyze(), on every saved page and on random mixes of tricky characters', () => {
    for (const name of readdirSync(PAGES_DIR).filter((n) => existsSync(path.join(PAGES_DIR, n, 'expected.html')))) {
      const text = savedPage(name).text;
      expect(terms(text), name).toEqual(analyze(text).map((t) => t.term));
    }
    const alphabet = ['a', 'Z', 'é', 'e', '\u0301', "'", '’', 's', '1', '²', ' ', '\n', '.', '-', '日', '本', 'の', 'ж', '😀', '𝐀', '\ud800', 'ß', 'İ'];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(terms(text), JSON.stringify(text)).toEqual(analyze(text).map((t) => t.term));
    }
  });
});

