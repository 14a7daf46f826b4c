/**
 * A small driver interface over playwright-core (Chromium) and puppeteer-core
 * (Firefox), so an end-to-end journey is written once and runs in both browsers.
 *
 * Elements are named by a query string that both drivers resolve with the same
 * in-page function (./locate.ts), so a journey means the same thing everywhere:
 *
 *   'button:Summarize'            a button (or role=button) whose accessible name is exactly that
 *   'button:Delete “Volcanoes*'   …whose name starts with that (a trailing `*`)
 *   'button:~side panel'          …whose name contains that (a leading `~`)
 *   'label:Server address'        the form control labelled so (label element or aria-label)
 *   'testid:summary-coverage'     [data-testid=…]
 *   'heading:Models', 'link:…', 'tab:…', 'checkbox:…', 'radio:…', 'alert:', 'text:Saved.'
 *   'css:.source-card a'          any CSS selector
 *   'testid:search-results >> button:Volcanoes of Iceland'   the second looked up inside the first
 */
type BrowserName = 'chromium' | 'firefox';

export interface DriverPage {
  /** Runs `fn(arg)` in the page (an extension page has `chrome.*`; Firefox also has `browser.*`). */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Waits (default 20 s) until the element exists and is rendered. */
  waitFor(query: string, options?: { timeout?: number }): Promise<void>;
  /** Waits for the element, then clicks it with real input events (a user gesture). */
  click(query: string, options?: { timeout?: number }): Promise<void>;
  /** Replaces the value of a text field by typing, as a person does. */
  fill(query: string, value: string): Promise<void>;
  /** Chooses an option of a <select>. */
  select(query: string, value: string): Promise<void>;
  /** Presses a key in the focused element (e.g. 'Tab', 'Enter'). */
  press(key: string): Promise<void>;
  /** Puts a file into an <input type=file> (fires its change event). */
  upload(query: string, filePath: string): Promise<void>;
  /** The element's textContent, or null when there is none. */
  text(query: string): Promise<string | null>;
  /** The element's attribute, or null. */
  attribute(query: string, name: string): Promise<string | null>;
  /** How many elements match (rendered or not). */
  count(query: string): Promise<number>;
  /** Clicks `query` and returns the file it downloads. */
  download(query: string): Promise<{ name: string; text: string }>;
  /** This document's URL (location.href: puppeteer's page.url() is stale for moz-extension pages). */
  url(): Promise<string>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  readonly browser: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  readonly extensionOrigin: string;
  /** Opens an extension page ('popup.html', 'sidepanel.html#library') as a tab. */
  openExtensionPage(pathname: string, viewport?: { width: number; height: number }): Promise<DriverPage>;
  /**
   * Opens a web page in a new tab, waits for its DOM (at most `timeout`, then goes on with
   * what has loaded: saved pages may wait forever on resources that cannot load here) and
   * brings it to the front.
   */
  openWebPage(url: string, options?: { timeout?: number }): Promise<DriverPage>;
  /** Runs `fn(arg)` in an extension page kept open for it (extension APIs, same origin as the views). */
  inExtension<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Sends one typed-protocol request to the background, as the views do; throws its error as "Name: message". */
  request<T>(type: string, data: unknown): Promise<T>;
  /** The id of the (first) tab showing exactly this URL. */
  tabIdOf(url: string): Promise<number>;
  /** Stops the background (Chrome: the service worker; Firefox: the event page); the next event wakes it fresh. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}
