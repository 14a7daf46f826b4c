/**
 * A list's sort control: the `<select>` above a shop's grid or a catalogue's results that offers "Featured", "Best
 * selling", "Price, low to high", "Alphabetically, A-Z". A reader sees one chosen order in a box; every reading built
 * from the markup (`structuredText`) read all its options, a line each, as if they were the page's text.
 *
 * Known by its name, which shop platforms give it ("sort_by", "SortBy", "orderby", "sortProducts", "sorter"), or, where
 * it has none, by offering at least two sort orders. WCXB dev: 90 such controls on 65 pages; the gold text of one page
 * keeps their options. Other selects (a season, a team, a gift wrap) stay: the gold keeps some of them.
 */

/** Named for sorting, as a word or a camelCase part; not "resort". */
const SORT_NAME = /(^|[^a-z])(sort|order[-_]?by)/i;
const SORT_NAME_PART = /[a-z](Sort|OrderBy)/;

/** An option that is an order: by a field and a direction, or one of the orders shops name alone. */
const SORT_ORDER =
  /\b(price|date|name|title|alphabetically|brand|rating|year)\b.{0,6}\b(low|high|lowest|highest|a ?[-–] ?z|z ?[-–] ?a|new|old|newest|oldest|asc|ascending|desc|descending)\b|^(newest( first| arrivals| items)?|oldest( first)?|best ?sell(ing|ers?)|featured( items)?|relevance|most relevant|most popular|popularity|top rated|highest rated|customer rating|avg\.? customer review|best match|recommended|a ?[-–] ?z|z ?[-–] ?a)$/i;

/** Whether `el` is a `<select>` that sorts what the page lists (see above). */
export function isSortControl(el: Element): boolean {
  if (el.tagName !== 'SELECT') return false;
  const name = ['name', 'id', 'class', 'aria-label'].map((attribute) => el.getAttribute(attribute) ?? '').join(' ');
  if (SORT_NAME.test(name) || SORT_NAME_PART.test(name)) return true;
  let orders = 0;
  for (const option of Array.from(el.getElementsByTagName('option'))) {
    if (SORT_ORDER.test((option.textContent ?? '').replace(/\s+/g, ' ').trim()) && ++orders >= 2) return true;
  }
  return false;
}
