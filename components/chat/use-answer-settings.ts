import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, loadSettings, type Settings } from '@/lib/settings';

/** The answers section of the settings (defaults until storage answers). */
export function useAnswerSettings(): Settings['answers'] {
  const [answers, setAnswers] = useState<Settings['answers']>(DEFAULT_SETTINGS.answers);
  useEffect(() => {
    loadSettings(browser.storage.local).then((settings) => setAnswers(settings.answers), () => undefined);
  }, []);
  return answers;
}
