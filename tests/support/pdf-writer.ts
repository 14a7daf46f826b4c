/**
 * A tiny PDF writer for tests and benchmarks: pages of text lines in
 * Helvetica (a standard font, nothing embedded), or pages with only a drawing
 * (a "scanned" PDF without a text layer). Enough for pdf.js to read; the PDFs
 * are generated at test time, so no binary fixture is committed.
 */

/** Escapes a string for a PDF literal string (Latin-1 text only). */
function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, '\\$&').replace(/[^\x20-\x7e]/g, '?')})`;
}

/** Wraps a paragraph into lines of at most `width` characters. */
function wrap(paragraph: string, width = 90): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A PDF whose page i shows `pages[i]` (paragraphs, wrapped; a blank line between
 * paragraphs). `pages[i] === null` draws a box and no text (a scanned page).
 */
export function makePdf(pages: readonly (readonly string[] | null)[], title = 'Test document'): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1; // object numbers start at 1
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const paragraphs of pages) {
    let stream: string;
    if (paragraphs === null) stream = '0.5 g 72 72 468 648 re f';
    else {
      const lines = paragraphs.flatMap((paragraph, index) => [...(index > 0 ? [''] : []), ...wrap(paragraph)]);
      stream = `BT /F1 11 Tf 14 TL 72 740 Td ${lines.map((line) => `${literal(line)} Tj T*`).join(' ')} ET`;
    }
    const contents = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${contents} 0 R >>`));
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = add(`<< /Title ${literal(title)} /Producer (Gleaner tests) >>`);
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Filler paragraphs for page `n` of a long document (distinct words per page, no fact of the tests). */
export function fillerPage(n: number, paragraphs = 4): string[] {
  return Array.from(
    { length: paragraphs },
    (_, i) =>
      `Chapter ${n} section ${i} reviews the quarterly harvest ledgers of district ${n * 10 + i}, the orchard inventories, the mill repairs and the road tolls recorded by the county clerks in their annual books.`,
  );
}
