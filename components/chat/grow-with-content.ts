/**
 * Lets the question box start at one line and grow with what is typed (up to its CSS
 * max-height), so the answer keeps the panel's height. Chrome does this in CSS
 * (`field-sizing: content`); elsewhere the height follows the content here.
 */
export function growWithContent(textarea: HTMLTextAreaElement): void {
  if (typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content')) return;
  textarea.style.height = 'auto';
  textarea.style.height = `${textarea.scrollHeight + textarea.offsetHeight - textarea.clientHeight}px`;
}
