/** Settings of the token feature (a section of the Settings view). */
export function TokenSettings() {
  return null;
}
