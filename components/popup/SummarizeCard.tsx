/** Popup card: summarize the current page. */
export function SummarizeCard() {
  return null;
}
