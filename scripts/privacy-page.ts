// The privacy promise as a page inside the extension (privacy.html, linked from Settings →
// About), made at build time from the README's "Privacy promise" section: one text, so the
// page and the README cannot drift apart, readable with no network.

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The paragraphs of the README's "## Privacy promise" section (Markdown links kept as their text). */
export function privacyParagraphs(readme: string): string[] {
  const start = readme.indexOf('\n## Privacy promise');
  if (start < 0) throw new Error('README.md has no "## Privacy promise" section.');
  const body = readme.slice(readme.indexOf('\n', start + 1) + 1);
  const end = body.search(/^## /m);
  return (end < 0 ? body : body.slice(0, end))
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

/** A static page (no script) with the privacy promise. */
export function privacyPageHtml(readme: string): string {
  const paragraphs = privacyParagraphs(readme)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gleaner — privacy promise</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color-scheme:light dark}</style>
</head>
<body>
<h1>Gleaner — privacy promise</h1>
${paragraphs}
</body>
</html>
`;
}
