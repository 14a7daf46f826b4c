import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { useSetting } from '../use-setting';

/** The answers section of the settings, live (defaults until storage answers; `loaded` says when it has, or has failed). */
export function useAnswerSettings(): Settings['answers'] & { loaded: boolean } {
  const { value, loadError } = useSetting('answers');
  return { ...(value ?? DEFAULT_SETTINGS.answers), loaded: value !== null || loadError !== null };
}
