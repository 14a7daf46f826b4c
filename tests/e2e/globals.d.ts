// Code passed to page.evaluate / worker.evaluate runs inside the extension, where `chrome` exists.
declare global {
  const chrome: typeof import('wxt/browser').browser;
}
export {};
