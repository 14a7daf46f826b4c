/** The Tokens view of the side panel. */
export function TokensView() {
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      <p class="muted">Count tokens with the exact tokenizer of your model.</p>
    </section>
  );
}
