/** The Models view of the side panel. */
export function ModelsView() {
  return (
    <section aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      <p class="muted">Download and manage local models.</p>
    </section>
  );
}
