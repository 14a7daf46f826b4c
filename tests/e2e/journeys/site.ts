import { serve, type StaticServer } from '../harness';

/**
 * The web pages the journeys visit, served on 127.0.0.1: written here so the suite
 * needs no file outside the repository. Each is an ordinary article (a title, a
 * heading, several paragraphs of plain prose) that Readability accepts.
 */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function articleHtml(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><article><h1>${escape(title)}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}</article></main></body></html>`;
}

/** Eight paragraphs of ordinary prose about `topic`, each a few sentences long. */
function prose(topic: string, count = 8): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      `Paragraph ${i + 1} is about ${topic}. A reader who cares about ${topic} finds here enough sentences, commas, and ordinary words to make the page worth keeping, which is what the reading library is for. Later the same reader may search for ${topic} again, ask a question about it, or count how many tokens it takes.`,
  );
}

export const NORMANS = {
  title: 'The Normans in Normandy',
  fact: 'The Norse leader Rollo agreed to swear fealty to King Charles III of West Francia in the year 911.',
};
export const STEAM = {
  title: 'Steam engines',
  fact: 'Thomas Newcomen built the first commercially successful steam engine in 1712 to pump water from mines.',
};
/** A selection whose tokens the token journey counts. */
export const SELECTION_TEXT = 'Gleaner counts tokens where the text is. It says whether a page fits in the context window of a model, exactly.';

export function journeySite(): Promise<StaticServer> {
  const pages: Record<string, string> = {
    '/capture.html': articleHtml('Bees of the meadow', prose('meadow bees')),
    '/paused.html': articleHtml('Lighthouses of Brittany', prose('lighthouses')),
    '/excluded.html': articleHtml('Sourdough starters', prose('sourdough')),
    '/summary.html': articleHtml('Winter cycling', prose('winter cycling', 10)),
    '/long.html': articleHtml('A very long history of clocks', prose('mechanical clocks', 220)),
    '/normans.html': articleHtml(NORMANS.title, [NORMANS.fact, ...prose('Normandy and its dukes', 6)]),
    '/steam.html': articleHtml(STEAM.title, [STEAM.fact, ...prose('steam power', 6)]),
    '/selection.html': `<!doctype html><html lang="en"><head><title>Selection</title></head><body><p id="text">${escape(SELECTION_TEXT)}</p></body></html>`,
  };
  return serve(pages);
}
