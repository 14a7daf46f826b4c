import { SUMMARY_LENGTHS, SUMMARY_STYLES, type SummaryLength, type SummaryStyle } from '@/lib/answer/prompts';

/** Style and length pickers for a summary. */
export function SummaryControls(props: {
  style: SummaryStyle;
  length: SummaryLength;
  onStyle: (style: SummaryStyle) => void;
  onLength: (length: SummaryLength) => void;
  disabled?: boolean;
}) {
  return (
    <div class="summary-controls">
      <label>
        Style{' '}
        <select value={props.style} disabled={props.disabled} onChange={(event) => props.onStyle(event.currentTarget.value as SummaryStyle)}>
          {SUMMARY_STYLES.map((style) => (
            <option key={style.id} value={style.id}>
              {style.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Length{' '}
        <select value={props.length} disabled={props.disabled} onChange={(event) => props.onLength(event.currentTarget.value as SummaryLength)}>
          {SUMMARY_LENGTHS.map((length) => (
            <option key={length.id} value={length.id}>
              {length.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
