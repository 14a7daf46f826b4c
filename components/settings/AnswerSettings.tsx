import { useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import { useSetting } from '../use-setting';
import { SummaryControls } from '@/components/chat/SummaryControls';
import { languageName } from '@/lib/answer/language';

/** Languages offered for answers; "page" follows each page's own language. */
const LANGUAGES = ['page', 'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'cs', 'pl', 'ja', 'zh', 'ko'];

/** Settings of the answer feature (a section of the Settings view): output language, default summary style and length. */
export function AnswerSettings() {
  const { value: answers, loadError, save } = useSetting('answers');
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setError] = useState<string | null>(null);
  const error = saveError ?? loadError;

  const change = async (patch: Partial<Settings['answers']>) => {
    setError(null);
    try {
      await save(patch);
      setSaved('Saved.');
    } catch (saveError) {
      setError(`Could not save: ${(saveError as Error).message}`);
    }
  };

  if (!answers) return error ? <p class="error">{error}</p> : null;
  return (
    <fieldset class="settings-section" aria-describedby="answer-settings-saved">
      <legend>Summaries and answers</legend>
      <label>
        Language{' '}
        <select value={answers.language} onChange={(event) => void change({ language: event.currentTarget.value })}>
          {LANGUAGES.map((tag) => (
            <option key={tag} value={tag}>
              {tag === 'page' ? 'Same as the page' : languageName(tag)}
            </option>
          ))}
        </select>
      </label>
      <SummaryControls style={answers.style} length={answers.length} onStyle={(style) => void change({ style })} onLength={(length) => void change({ length })} />
      <span id="answer-settings-saved" class="muted" role="status">
        {saved}
      </span>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
