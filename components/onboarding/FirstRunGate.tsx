import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { engineChosen } from '@/lib/engine/first-run';
import { useSetting } from '@/components/use-setting';
import { Onboarding } from './Onboarding';

/**
 * Shows the onboarding instead of `children` (Chat) until an engine is chosen. Decided once when the
 * settings arrive: after set-up the onboarding stays for its last step (the first summary) until
 * the person goes on.
 */
export function FirstRunGate(props: { children: ComponentChildren }) {
  const { value: config, save } = useSetting('engine');
  const [onboarding, setOnboarding] = useState<boolean | null>(null);
  if (!config) return <p class="muted">Loading…</p>;
  const show = onboarding ?? !engineChosen(config);
  if (onboarding === null) setOnboarding(show);
  return show ? <Onboarding config={config} save={save} onDone={() => setOnboarding(false)} /> : <>{props.children}</>;
}
