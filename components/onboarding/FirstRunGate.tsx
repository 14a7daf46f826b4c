import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { engineChosen } from '@/lib/engine/first-run';
import { useEngineSettings } from '@/components/models/useEngineSettings';
import { Onboarding } from './Onboarding';

/**
 * Shows the onboarding instead of `children` (Chat) until an engine is chosen. Decided once when the
 * settings arrive: after set-up the onboarding stays for its last step (the first summary) until
 * the person goes on.
 */
export function FirstRunGate(props: { children: ComponentChildren }) {
  const [config, save] = useEngineSettings();
  const [onboarding, setOnboarding] = useState<boolean | null>(null);
  if (!config) return <p class="muted">Loading…</p>;
  const show = onboarding ?? !engineChosen(config);
  if (onboarding === null) setOnboarding(show);
  return show ? <Onboarding config={config} save={save} onDone={() => setOnboarding(false)} /> : <>{props.children}</>;
}
