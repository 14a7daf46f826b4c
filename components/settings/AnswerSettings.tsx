import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadSettings, updateSettings, type Settings } from '@/lib/settings';
import { SUMMARY_LENGTHS, SUMMARY_STYLES, type SummaryLength, type SummaryStyle } from '@/lib/answer/prompts';
import { languageName } from '@/lib/answer/language';

/** Languages offered for answers; "page" follows each page's own language. */
const LANGUAGES = ['page', 'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'cs', 'pl', 'ja', 'zh', 'ko'];

/** Settings of the answer feature (a section of the Settings view): output language, default summary style and length. */
export function AnswerSettings() {
  const [answers, setAnswers] = useState<Settings['answers'] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadSettings(browser.storage.local).then(
      (settings) => setAnswers(settings.answers),
      (loadError: Error) => setError(`Could not read the settings: ${loadError.message}`),
    );
  }, []);

  const change = async (patch: Partial<Settings['answers']>) => {
    setError(null);
    try {
      const settings = await updateSettings(browser.storage.local, { answers: patch });
      setAnswers(settings.answers);
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
      <label>
        Summary style{' '}
        <select value={answers.style} onChange={(event) => void change({ style: event.currentTarget.value as SummaryStyle })}>
          {SUMMARY_STYLES.map((style) => (
            <option key={style.id} value={style.id}>
              {style.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Summary length{' '}
        <select value={answers.length} onChange={(event) => void change({ length: event.currentTarget.value as SummaryLength })}>
          {SUMMARY_LENGTHS.map((length) => (
            <option key={length.id} value={length.id}>
              {length.label}
            </option>
          ))}
        </select>
      </label>
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
