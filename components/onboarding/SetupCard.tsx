import './onboarding.css';

/** The popup before any engine is chosen: instead of a Summarize button that can only fail, the way to set one up. */
export function SetupCard(props: { onOpen: () => void }) {
  return (
    <section class="card onboarding setup-card" aria-labelledby="setup-title" data-testid="setup-card">
      <h2 id="setup-title">Set up Gleaner first</h2>
      <p class="muted">Gleaner has no model yet. The side panel checks this machine and offers what works here: a model sized for it, or a server you run (Ollama, LM Studio).</p>
      <button type="button" class="primary" onClick={props.onOpen}>
        Set up Gleaner
      </button>
    </section>
  );
}
