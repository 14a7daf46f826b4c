/** Settings of the engine feature (a section of the Settings view). */
export function EngineSettings() {
  return null;
}
