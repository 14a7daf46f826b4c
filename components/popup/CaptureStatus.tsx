/** Popup card: whether the current page is indexed, excluded, paused, or not an article. */
export function CaptureStatus() {
  return null;
}
