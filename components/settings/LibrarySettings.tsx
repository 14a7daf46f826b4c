/** Settings of the library feature (a section of the Settings view). */
export function LibrarySettings() {
  return null;
}
