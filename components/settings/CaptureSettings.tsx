/** Settings of the capture feature (a section of the Settings view). */
export function CaptureSettings() {
  return null;
}
