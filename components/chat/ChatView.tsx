/** The Chat view of the side panel. */
export function ChatView() {
  return (
    <section aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <p class="muted">Ask about this page or everything you have read.</p>
    </section>
  );
}
