/** Settings of the answer feature (a section of the Settings view). */
export function AnswerSettings() {
  return null;
}
