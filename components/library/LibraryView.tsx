/** The Library view of the side panel. */
export function LibraryView() {
  return (
    <section aria-labelledby="library-title">
      <h2 id="library-title">Library</h2>
      <p class="muted">Everything you read, searchable here.</p>
    </section>
  );
}
