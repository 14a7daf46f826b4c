/**
 * Parse time of the Markdown renderer on hostile and ordinary model output
 * (issue 11 item 8): each shape at two sizes, so a quadratic shape shows as a
 * 16× jump for 4× the input. Prints figures; asserts nothing.
 *
 *   npm run bench:markdown
 */
import { parseMarkdown } from '@/lib/answer/markdown';

/** Hostile shapes: each is one long line or run that a backtracking regex or a rescanning loop would make quadratic. */
export const HOSTILE_SHAPES: Record<string, (n: number) => string> = {
  'fence line ending in a backtick': (n) => '```' + 'x'.repeat(n) + '`',
  'heading full of spaces': (n) => '#' + ' '.repeat(n) + 'x',
  'unclosed brackets': (n) => 'a['.repeat(n / 2),
  'brackets closed at the end': (n) => '['.repeat(n - 1) + ']',
  'unclosed parentheses after a link text': (n) => '[a]('.repeat(n / 4),
  'backtick runs of falling length': (n) => {
    const parts: string[] = [];
    let used = 0;
    for (let k = Math.floor(Math.sqrt(n)); k > 0 && used < n; k--) {
      parts.push('`'.repeat(k));
      used += k + 1;
    }
    return parts.join(' ');
  },
  'stars and spaces': (n) => '** '.repeat(n / 3),
  'bare URL of dots': (n) => 'see http://' + '.'.repeat(n),
  'rule-like dashes': (n) => '- '.repeat(n / 2) + 'x',
  'ordinary answer': (n) => '## Heading\n\nSome **bold** text with a [link](https://e.test/a) and `code` [1].\n\n- item one\n- item two\n\n'.repeat(n / 100),
};

function time(text: string): number {
  const start = performance.now();
  parseMarkdown(text, { citations: 3 });
  return performance.now() - start;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = [15_000, 60_000];
  console.log(`Markdown parse time (ms), median of 3, for ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} characters:`);
  for (const [name, make] of Object.entries(HOSTILE_SHAPES)) {
    const figures = sizes.map((n) => {
      const text = make(n);
      const runs = [time(text), time(text), time(text)].sort((a, b) => a - b);
      return runs[1]!;
    });
    console.log(`  ${name.padEnd(42)} ${figures.map((ms) => ms.toFixed(1).padStart(8)).join(' ')}   ×${(figures[1]! / Math.max(figures[0]!, 0.01)).toFixed(1)}`);
  }
}
