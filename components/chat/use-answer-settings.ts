import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, loadSettings, type Settings } from '@/lib/settings';

/** The answers section of the settings (defaults until storage answers; `loaded` says when it has). */
export function useAnswerSettings(): Settings['answers'] & { loaded: boolean } {
  const [answers, setAnswers] = useState<Settings['answers'] & { loaded: boolean }>({ ...DEFAULT_SETTINGS.answers, loaded: false });
  useEffect(() => {
    loadSettings(browser.storage.local).then(
      (settings) => setAnswers({ ...settings.answers, loaded: true }),
      () => setAnswers((old) => ({ ...old, loaded: true })),
    );
  }, []);
  return answers;
}
