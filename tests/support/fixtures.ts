import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the test data that ships with the repository (see tests/fixtures/README.md).
 * Tests read real pages, the SQuAD articles and tokenizer reference ids only from here, so a
 * fresh clone passes `npm test` with nothing beside it. Evaluation and benchmark scripts take
 * a data folder of their own as an argument and do not use this.
 * @public (the one name other tests and helpers use for the folder)
 */
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Mozilla Readability's saved test pages copied here: `<name>/{source.html,expected.html,expected-metadata.json}`. */
export const readabilityPagesDir = path.join(fixturesDir, 'readability-pages');

/** The SQuAD 2.0 dev-set articles (official SQuAD JSON layout). */
export const squadFile = path.join(fixturesDir, 'squad', 'squad-v2-4-articles.json');

/** Token ids from the test suite of Hugging Face tokenizers.js: `{tokenizer: {case: {text, ids}}}`. */
export const referenceIdsFile = path.join(fixturesDir, 'tokenizers', 'reference-ids.json');

/** Pages of the WCXB development split copied here: `<id>.html.gz` (the page as saved) and `<id>.json` (its gold text and snippets). */
export const wcxbPagesDir = path.join(fixturesDir, 'wcxb');
