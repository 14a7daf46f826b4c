import { describe, expect, it } from 'vitest';
import { dropNavigation } from '@/lib/extract/page-chrome';
import { dropNotices } from '@/lib/extract/notices';
import { dropPictureCredits, dropShortCaptions } from '@/lib/extract/captions';
import { withoutControlLabels } from '@/lib/extract/control-labels';
import { structuredText } from '@/lib/extract/blocks';
import { visibleText } from '@/lib/extract/visible-text';
import { parseHtml } from '../../scripts/html-document';
import { extractWcxb } from '../support/wcxb';

const PAGE = 'https://docs.example/guide/start';
const filler = (n: number) => 'The guide explains the next step in plain words. '.repeat(n);
const articleOf = (html: string) => parseHtml(`<body><article>${html}</article></body>`, PAGE).querySelector('article')!;

describe('dropNavigation (lib/extract/page-chrome.ts)', () => {
  it('drops a <nav> sidebar and a table of contents of links into the page with its label', () => {
    const article = articleOf(
      `<nav class="sidebar"><ol><li><a href="intro.html">Introduction</a></li><li><a href="ch1.html">Chapter one</a></li></ol></nav>
       <p class="toc-title">Table of Contents</p>
       <ul><li><a href="#install">Install</a></li><li><a href="${PAGE}#configure">Configure</a></li><li><a href="#run">Run it</a></li></ul>
       <h2 id="install">Install</h2><p>${filler(10)}</p><h2 id="configure">Configure</h2><p>${filler(10)}</p>`,
    );
    dropNavigation(article, PAGE);
    expect(article.textContent).not.toContain('Chapter one');
    expect(article.textContent).not.toContain('Table of Contents');
    expect(article.textContent).not.toContain('Run it');
    expect(article.querySelectorAll('h2')).toHaveLength(2);
    expect(article.textContent).toContain('The guide explains');
  });

  it('keeps lists of links to other pages and lists with prose, and a label that still heads a list', () => {
    const article = articleOf(
      `<h3>Contents</h3><ul><li><a href="indexes-intro.html">11.1. Introduction</a></li><li><a href="indexes-types.html">11.2. Index Types</a></li><li><a href="indexes-multicolumn.html">11.3. Multicolumn Indexes</a></li></ul>
       <ul><li>See <a href="#a">the first part</a>, which explains why the index is needed before anything else is done</li><li><a href="#b">b</a></li><li><a href="#c">c</a></li></ul>`,
    );
    dropNavigation(article, PAGE);
    expect(article.textContent).toContain('Contents');
    expect(article.textContent).toContain('11.2. Index Types');
    expect(article.textContent).toContain('which explains why the index is needed');
  });

  it('drops a "Table of Contents" label whose list is gone', () => {
    const article = articleOf(`<div><div><p>Table of Contents</p></div></div><p>${filler(10)}</p><p>A table of contents is a list of the parts of a book.</p>`);
    dropNavigation(article, PAGE);
    expect(article.textContent).not.toContain('Table of Contents');
    expect(article.textContent).toContain('A table of contents is a list');
  });
});

describe('dropNotices (lib/extract/notices.ts)', () => {
  it('drops copyright lines, cookie notices and rows of share buttons, keeps sentences about them', () => {
    const article = articleOf(
      `<p>${filler(20)}</p>
       <p>The court ruled that the copyright of the photo stays with the photographer.</p>
       <p>We use cookies sparingly, the bakery owner said, because sugar is expensive this year and customers want bread instead of sweets, which sells better.</p>
       <div class="buttons"><a href="#">SMS</a> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
       <p>Copyright © 2025 WABC-TV. All Rights Reserved.</p>
       <p><span>We use cookies on our website to give you the most relevant experience by remembering your preferences.</span></p>`,
    );
    dropNotices(article);
    expect(article.textContent).not.toContain('WABC-TV');
    expect(article.textContent).not.toContain('Twitter');
    expect(article.textContent).not.toContain('most relevant experience');
    expect(article.textContent).toContain('the copyright of the photo');
    expect(article.textContent).toContain('We use cookies sparingly');
  });

  it("drops a newsletter box's lines, keeps sentences about newsletters", () => {
    const article = articleOf(
      `<p>${filler(20)}</p>
       <p>Join Medium for free to get updates from this writer.</p>
       <p>Subscribers to the newsletter grew to 50,000 in a year, and the author now sends it twice a week to readers in forty countries.</p>
       <div class="box"><h3>Subscribe to our best newsletters</h3>
       <p>Sign up to our newsletter to enjoy New York without spending a thing.</p>
       <p>By entering your email address you agree to our Terms of Use and Privacy Policy and consent to receive emails.</p>
       <p>Thanks for subscribing! Look out for your first newsletter in your inbox soon!</p></div>`,
    );
    dropNotices(article);
    expect(article.textContent).not.toMatch(/best newsletters|Sign up to our|By entering|Thanks for subscribing/);
    expect(article.textContent).toContain('Join Medium for free');
    expect(article.textContent).toContain('Subscribers to the newsletter grew');
  });

  it("drops advertisements' labels and a paywall's prompt, keeps sentences about advertising and subscriptions", () => {
    const article = articleOf(
      `<p>${filler(20)}</p>
       <div class="ad-slot"><p>Advertisement - Continue Reading Below</p></div>
       <p>${filler(10)}</p><div>ADVERTISEMENT</div><p><span>Story continues below advertisement</span></p>
       <p>Advertisement rules changed in 2020, when the council banned billboards on the ring road.</p>
       <p>Sponsored by the city council, the festival drew 40,000 visitors over the weekend.</p>
       <p>Subscribers to the paper can read the council's full report, which runs to 300 pages.</p>
       <div class="paywall"><h3>STAT+ Exclusive Story</h3>
       <p>This article is exclusive to STAT+ subscribers</p>
       <p>Unlock this article — plus in-depth analysis, newsletters, premium events, and news alerts.</p>
       <p>Already have an account? <a href="/login">Log in</a></p><div><a class="button" href="/plans">View All Plans</a></div>
       <p>To read the rest of this story subscribe to STAT+.</p></div>`,
    );
    dropNotices(article);
    expect(article.textContent).not.toMatch(/Continue Reading Below|ADVERTISEMENT|continues below|exclusive to|Unlock this|Already have|Log in|View All Plans|rest of this story/);
    expect(article.textContent).toContain('Advertisement rules changed');
    expect(article.textContent).toContain('Sponsored by the city council');
    expect(article.textContent).toContain("Subscribers to the paper can read the council's full report");
  });

  it("drops a sign-up form's long consent and a page's count of its views, keeps sentences about them", () => {
    const article = articleOf(
      `<p>${filler(20)}</p>
       <p>By signing up, you agree to receive recurring automated SMS marketing messages from Deals at the number provided. Msg and
       data rates may apply. Up to 2 messages/day. Reply STOP to opt out, HELP for help. Consent is not a condition of purchase.
       See our Privacy Policy and Terms of Use.</p>
       <div class="tptn_counter">(Visited 1,902 times, 364 visits today)</div>
       <p>Visited 40 times by inspectors, the plant never passed a check until the new manager arrived in 2019.</p>
       <p>By signing up, the city agreed to host the games in 2030.</p>`,
    );
    dropNotices(article);
    expect(article.textContent).not.toMatch(/recurring automated SMS|Visited 1,902/);
    expect(article.textContent).toContain('Visited 40 times by inspectors');
    expect(article.textContent).toContain('By signing up, the city agreed');
  });
});

describe('dropShortCaptions and credit lines (lib/extract/captions.ts)', () => {
  it('drops short captions and "Credit:" lines of pictures, keeps sentence captions and captions of quotes', () => {
    const article = articleOf(
      `<p>${filler(20)}</p>
       <figure><img src="a.jpg"><figcaption>Ryan Ray Photography</figcaption></figure>
       <figure><img src="b.jpg"><figcaption>The new plant in Ohio will make 40,000 batteries a year for the company's electric trucks.</figcaption></figure>
       <figure><blockquote>Stay hungry.</blockquote><figcaption>Steve Jobs</figcaption></figure>
       <div class="wp-caption"><img src="c.jpg"><p class="wp-caption-text">The finished kitchen</p></div>
       <p>Credit: LG / Reviewed</p>`,
    );
    dropShortCaptions(article);
    dropPictureCredits(article);
    expect(article.textContent).not.toContain('Ryan Ray Photography');
    expect(article.textContent).not.toContain('The finished kitchen');
    expect(article.textContent).not.toContain('LG / Reviewed');
    expect(article.textContent).toContain('40,000 batteries a year');
    expect(article.textContent).toContain('Steve Jobs');
  });
});

describe('withoutControlLabels (lib/extract/control-labels.ts)', () => {
  it("drops the labels of the page's and a shop's controls, each a whole line, and keeps sentences, code and tables", () => {
    const article = articleOf(
      `<p>${filler(20)}</p>
       <p>Share this article</p>
       <p>Back to top is where the team found itself after the win, two points clear with three games left.</p>
       <div class="pager"><a href="/1">← Previous</a> | <a href="/3">Next →</a></div>
       <h3>Leave a Reply</h3>
       <p>Share prices fell by a third after the report, and the board met the next morning.</p>
       <p><a href="#top">Back to top</a></p>
       <div class="feedback"><h4>Was this page helpful?</h4></div><p>Add as a preferred source on Google</p>
       <div class="cook-mode"><span>Prevent your screen from going dark as you follow along.</span></div>
       <div class="gfield"><label>This field is for validation purposes and should be left unchanged.</label></div>
       <div class="gallery"><div>Picture 1 of 6</div><div>Slide 2 of 6</div></div>
       <p>Photo 3 of 12 in the series shows the harbour at dawn, before the boats went out.</p>
       <p>Was this page helpful to the board? Its members said so at the meeting, and asked for more like it.</p>
       <ul><li><a href="/p/1">Walnut desk</a></li><li>$320.00</li><li><button>Add to cart</button></li><li>Compare</li><li>Quick view</li></ul>
       <div class="sort">Sort by: Best match</div><select><option>Price: Low - High</option></select>
       <p>Add to cart totals rose by a fifth in the quarter, the shop said.</p>
       <pre><code>compare</code></pre><table><tr><td>Compare</td><td>Yes</td></tr></table>`,
    );
    const { text } = withoutControlLabels(structuredText(article));
    expect(text).not.toMatch(
      /Share this article|Previous|Leave a Reply|helpful\?|preferred source|going dark|validation purposes|Quick view|Best match|Low - High|Picture 1|Slide 2/,
    );
    expect(text).toContain('Photo 3 of 12 in the series');
    expect(text).toContain('Was this page helpful to the board?');
    // The sentences' "Back to top" and "Add to cart" only.
    expect(text.match(/Back to top/g)).toHaveLength(1);
    expect(text.match(/Add to cart/g)).toHaveLength(1);
    expect(text).toContain('Back to top is where the team found itself');
    expect(text).toContain('Share prices fell by a third');
    expect(text).toContain('- Walnut desk\n- $320.00');
    // Code and tables are data: their "compare" stays.
    expect(text.match(/compare/gi)).toHaveLength(2);
  });

  it('returns a reading without labels unchanged (the same object)', () => {
    const structured = structuredText(articleOf(`<p>${filler(5)}</p>`));
    expect(withoutControlLabels(structured)).toBe(structured);
  });
});

describe("a list's sort control (lib/extract/sort-control.ts), in every reading built from the markup", () => {
  const textOf = (html: string) => structuredText(articleOf(html)).text;

  it('leaves out the options of a <select> named for sorting, or offering sort orders', () => {
    const named = textOf(
      `<h1>Bike lights</h1><label for="s">Sort by</label>
       <select name="sort-order" id="s"><option>Recommended for me</option><option>Newest first</option><option>Name (ascending)</option></select>
       <ul><li>Recon 650 front light</li><li>Roam 100 rear light</li></ul>`,
    );
    expect(named).not.toMatch(/Recommended for me|Newest first|Name \(ascending\)/);
    expect(named).toContain('Recon 650 front light');
    // A utility-class select with no name of its own: two of its options are sort orders.
    const unnamed = textOf(
      `<p>12 candles</p><select class="w-full rounded-md border"><option>Featured</option><option>Best selling</option><option>Alphabetically, A-Z</option><option>Price, low to high</option></select><p>Fig candle $34</p>`,
    );
    expect(unnamed).not.toMatch(/Best selling|Alphabetically|Price, low to high/);
    expect(unnamed).toMatch(/12 candles[\s\S]*Fig candle \$34/);
  });

  it("keeps a select's options that are the page's choices (a season, a resort, a gift wrap)", () => {
    const text = textOf(
      `<p>Standings</p><select name="season"><option>2025-26</option><option>2024-25</option></select>
       <select name="resort-list"><option>Whistler</option><option>Zermatt</option></select>`,
    );
    expect(text).toMatch(/2025-26[\s\S]*2024-25[\s\S]*Whistler[\s\S]*Zermatt/);
  });

  it('keeps the gift-wrap options of a real product page (WCXB 0598), which its gold text keeps', () => {
    const { page, gold } = extractWcxb('0598');
    for (const option of ['Textured White ($ 5.00)', 'Retro Floral ($ 5.00)']) {
      expect(gold.main_content).toContain(option);
      expect(page.text).toContain(option);
    }
  });
});

describe('controls inside the main landmark (lib/extract/visible-text.ts), in the visible-text reading', () => {
  it("leaves out a card's buttons and a text field, keeps an FAQ's questions that open their answers", () => {
    const doc = parseHtml(
      `<body><nav><a href="/">Home</a></nav><main>
        <h1>Running shoes</h1>
        <div class="card"><a href="/p/1">Pegasus 41, road running shoe, $140</a><button type="button"><span>Add to favorites. 0 people have favorited this</span></button></div>
        <div class="card"><a href="/p/2">Vomero 18, cushioned road shoe, $160</a><button type="button">Quickshop</button></div>
        <textarea placeholder="Ask a question">Write your question here</textarea>
        <h2>Questions</h2>
        <button type="button" aria-expanded="false" aria-controls="a1">How do I choose my size?</button><div id="a1">Measure your foot in the evening, when it is largest, and add a thumb's width.</div>
      </main></body>`,
      'https://shop.example/running',
    );
    const { text } = visibleText(doc);
    expect(text).not.toMatch(/Add to favorites|Quickshop|Write your question/);
    expect(text).toMatch(/Pegasus 41[\s\S]*Vomero 18[\s\S]*How do I choose my size\?[\s\S]*Measure your foot/);
  });
});
