/**
 * Page metadata read from `<meta>` tags, JSON-LD and links, without touching
 * the document. Readability reads most of these too; this module covers what
 * it does not (canonical URL, language fallbacks) and the pages it gives up on.
 */

/** Metadata of a page; every field but `canonicalUrl` may be missing. */
export interface PageMetadata {
  title?: string;
  byline?: string;
  siteName?: string;
  lang?: string;
  publishedTime?: string;
  excerpt?: string;
  canonicalUrl: string;
}

/** Lower-cases A–Z only, as a selector's `i` flag compares attribute values. */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** A page's `<meta>` values by the name that `metaValues` reads them under. */
type MetaValues = (...keys: string[]) => string | undefined;

/**
 * The page's `<meta>` tags read once: the value of the first key (in `keys`' order) that a tag names
 * in its `property`, `name` or `itemprop` (ASCII case-insensitive), each key read from the first such
 * tag in the document (its trimmed `content`), as `meta[property="key" i], meta[name="key" i], …`
 * finds it. One pass over the tags instead of one query over the whole document per key, most of
 * which no tag names.
 */
function metaValues(doc: Document): MetaValues {
  const values = new Map<string, string>();
  for (const el of Array.from(doc.getElementsByTagName('meta'))) {
    for (const attribute of ['property', 'name', 'itemprop']) {
      const name = el.getAttribute(attribute);
      if (name === null) continue;
      const key = asciiLower(name);
      if (!values.has(key)) values.set(key, el.getAttribute('content')?.trim() ?? '');
    }
  }
  return (...keys) => keys.map((key) => values.get(asciiLower(key))).find((value) => value) ?? undefined;
}

/** The first of `keys` that a `<meta>` of `doc` gives a value (see `metaValues`). */
function meta(doc: Document, ...keys: string[]): string | undefined {
  return metaValues(doc)(...keys);
}

export type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every JSON-LD object of the page (top level, arrays and `@graph` flattened). Parsed once per
 * extraction (./extract-page hands it to each function below that reads it): a shop's JSON-LD
 * can be tens of kilobytes.
 */
export function jsonLdObjects(doc: Document): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      out.push(value);
      if (Array.isArray(value['@graph'])) value['@graph'].forEach(visit);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
    try {
      // Some sites wrap JSON-LD in CDATA markers.
      visit(JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')));
    } catch {
      // Malformed JSON-LD is common; the page's other metadata still counts.
    }
  }
  return out;
}

const ARTICLE_TYPES = /Article|Posting|Report|Blog|NewsArticle|WebPage/i;

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((name): name is string => Boolean(name));
    return names.length ? names.join(', ') : undefined;
  }
  if (isObject(value) && typeof value.name === 'string') return value.name.trim() || undefined;
  return undefined;
}

/** Normalizes a date string to ISO 8601; undefined when it is not a date. */
export function normalizeDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) return undefined;
  // Keep a declared ISO string as written (its offset says where it was published).
  return /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? trimmed : new Date(time).toISOString();
}

/** Normalizes `en_US` / `EN-us` to a BCP 47 tag (`en-US`); undefined when it is not one. */
export function normalizeLang(value: string | null | undefined): string | undefined {
  const tag = value?.trim().replace(/_/g, '-');
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** The page URL without its fragment. */
function withoutFragment(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * rel=canonical or og:url when it is an http(s) URL of the page's own origin;
 * otherwise `url` without its fragment. The canonical URL is the library's key,
 * so a page may only name itself: another origin (another site, or a subdomain
 * claiming its parent, or http claiming https) would replace that page's entry.
 */
function canonicalUrlOf(doc: Document, url: string, meta: MetaValues): string {
  const fallback = withoutFragment(url);
  const candidates = [doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), meta('og:url')];
  for (const candidate of candidates) {
    if (!candidate?.trim()) continue;
    try {
      const resolved = new URL(candidate.trim(), url);
      const page = new URL(url);
      if (!/^https?:$/.test(resolved.protocol) || resolved.origin !== page.origin) continue;
      resolved.hash = '';
      return resolved.href;
    } catch {
      continue;
    }
  }
  return fallback;
}

const PRODUCT_TYPES = /^(Product|ProductGroup|IndividualProduct|ProductModel|Vehicle|Car|Book|SoftwareApplication)$/i;

/** Plain text of a JSON-LD string (some sites put HTML or entities in descriptions). */
function ldText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .replace(/<br\s*\/?>|<\/p>|<\/li>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  return text || undefined;
}

/**
 * What a product page declares about its product in JSON-LD: the description
 * and the specifications (`additionalProperty` name: value), as paragraphs.
 * Product pages often render these late or in tabs the DOM snapshot lacks.
 */
export function productDescription(doc: Document, ld: readonly JsonObject[] = jsonLdObjects(doc)): string[] {
  const product = ld.find((obj) => [obj['@type']].flat().some((type) => PRODUCT_TYPES.test(String(type ?? ''))));
  if (!product) return [];
  const paragraphs: string[] = [];
  const description = ldText(product.description);
  if (description) paragraphs.push(...description.split('\n'));
  const properties = Array.isArray(product.additionalProperty) ? product.additionalProperty : [];
  for (const property of properties) {
    if (!isObject(property)) continue;
    const name = ldText(property.name);
    const value = ldText(typeof property.value === 'number' ? String(property.value) : property.value);
    if (name && value) paragraphs.push(`${name}: ${value}`);
  }
  return paragraphs.filter((paragraph) => /[\p{L}\p{N}]/u.test(paragraph));
}

/** True when the page declares a product (JSON-LD, microdata or `og:type`): a shop's product page. */
export function declaresProduct(doc: Document, ld: readonly JsonObject[] = jsonLdObjects(doc)): boolean {
  if (/^(product|og:product)(\.|$)/i.test(meta(doc, 'og:type') ?? '')) return true;
  if (doc.querySelector('[itemtype*="schema.org/Product" i]')) return true;
  return ld.some((obj) => [obj['@type']].flat().some((type) => PRODUCT_TYPES.test(String(type ?? ''))));
}

/** Lower-case words of a name, for comparing a declared product's name with the page's title. */
const nameForm = (text: string | null | undefined) =>
  ` ${
    (text ?? '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.join(' ') ?? ''
  } `;

/** Whether two names are the same product's: one holds the other (a title adds the brand or the colour to the name). */
function sameName(a: string, b: string): boolean {
  return a.trim().length > 0 && b.trim().length > 0 && (a.includes(b) || b.includes(a));
}

/**
 * The text of `el` with its parts apart: a shop's `<h1>` often sets the brand and the name in
 * elements of their own with no space between ("<a>Bershka</a><span>Faux leather jacket</span>"),
 * which `textContent` runs together into one word ("BershkaFaux") that no declared name holds.
 */
function partsText(el: Element): string {
  const parts: string[] = [];
  const visit = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) parts.push(child.nodeValue ?? '');
      else if (child.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/i.test((child as Element).tagName)) visit(child);
    }
  };
  visit(el);
  return parts.join(' ');
}

/**
 * True when the page is about one product: its `<h1>` is the name of a product it declares
 * (JSON-LD, or a microdata product scope holding the `<h1>`), or it declares `og:type`
 * "product" with the `<h1>` as `og:title`. A category page declares many products (or a
 * product group) and its `<h1>` names none of them.
 */
export function declaresOneProduct(doc: Document, ld: readonly JsonObject[] = jsonLdObjects(doc)): boolean {
  const h1 = doc.querySelector('h1');
  if (!h1) return false;
  const title = nameForm(partsText(h1));
  if (!title.trim()) return false;
  if (h1.closest('[itemtype*="schema.org/Product" i]')) return true;
  if (/^(og:)?product$/i.test(meta(doc, 'og:type') ?? '') && sameName(title, nameForm(meta(doc, 'og:title')))) return true;
  // A product may be a page's `mainEntity` ({"@type": "WebPage", "mainEntity": {"@type": "Product", …}}).
  const objects = ld.flatMap((obj) => (isObject(obj.mainEntity) ? [obj, obj.mainEntity] : [obj]));
  const products = objects.filter((obj) => [obj['@type']].flat().some((type) => PRODUCT_TYPES.test(String(type ?? ''))));
  return products.some((product) => sameName(title, nameForm(ldText(product.name))));
}

const DISCUSSION_TYPES = /^(DiscussionForumPosting|QAPage|Question)$/i;

/**
 * True when the page declares itself a discussion (a forum thread, a Q&A page)
 * in JSON-LD or microdata: its content is every post, not the one Readability
 * scores best.
 */
export function declaresDiscussion(doc: Document, ld: readonly JsonObject[] = jsonLdObjects(doc)): boolean {
  if (doc.querySelector('[itemtype*="DiscussionForumPosting" i], [itemtype*="schema.org/Question" i], [itemtype*="schema.org/QAPage" i]')) return true;
  return ld.some((obj) => [obj['@type']].flat().some((type) => DISCUSSION_TYPES.test(String(type ?? ''))));
}

/** Reads the metadata of `doc` (read-only). */
export function readMetadata(doc: Document, url: string, ld: readonly JsonObject[] = jsonLdObjects(doc)): PageMetadata {
  const article = ld.find((obj) => ARTICLE_TYPES.test(String(obj['@type'] ?? ''))) ?? ld[0];
  const meta = metaValues(doc);
  const ldString = (key: string) => (article && typeof article[key] === 'string' ? (article[key] as string).trim() : undefined);

  const title = meta('og:title', 'twitter:title', 'dc:title', 'title') ?? ldString('headline') ?? (doc.title.trim() || undefined) ?? doc.querySelector('h1')?.textContent?.trim();

  const authorMeta = meta('author', 'dc:creator', 'article:author', 'parsely-author', 'sailthru.author');
  const byline =
    (authorMeta && !/^https?:\/\//.test(authorMeta) ? authorMeta : undefined) ??
    nameOf(article?.author) ??
    doc.querySelector('[rel="author"], [itemprop="author"]')?.textContent?.replace(/\s+/g, ' ').trim();

  const siteName = meta('og:site_name', 'application-name') ?? nameOf(article?.publisher);

  const lang =
    normalizeLang(doc.documentElement?.getAttribute('lang')) ??
    normalizeLang(meta('content-language', 'language', 'dc:language')) ??
    normalizeLang(doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content')) ??
    normalizeLang(meta('og:locale'));

  const publishedTime = normalizeDate(
    meta('article:published_time', 'datePublished', 'parsely-pub-date', 'date', 'dc.date', 'pubdate') ??
      ldString('datePublished') ??
      // Scholarly pages (arXiv, PubMed, journals) declare theirs for Google Scholar and in Dublin Core's and PRISM's terms.
      meta('citation_publication_date', 'citation_date', 'citation_online_date', 'dc.date.issued', 'dcterms.issued', 'dcterms.date', 'prism.publicationDate') ??
      doc.querySelector('time[datetime][pubdate], article time[datetime]')?.getAttribute('datetime') ??
      undefined,
  );

  const excerpt = meta('description', 'og:description', 'twitter:description') ?? ldString('description');

  return { title, byline: byline || undefined, siteName, lang, publishedTime, excerpt, canonicalUrl: canonicalUrlOf(doc, url, meta) };
}
