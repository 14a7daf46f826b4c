/**
 * What every backend keeps while a reply streams in, one implementation for all of them
 * (WebLLM, CPU, own server, built-in): the text so far, how many pieces (deltas) came and
 * when the first came, and the statistics measured from them where the backend reports none.
 */
export class StreamedReply {
  text = '';
  /** Deltas received: the completion's token count when the backend gives no usage. */
  pieces = 0;
  private firstAt = 0;
  readonly started: number;

  constructor(
    private readonly onDelta?: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Adds one delta (an empty one is not a piece) and passes it on. */
  add(delta: string | null | undefined): void {
    if (!delta) return;
    if (this.pieces === 0) this.firstAt = this.now();
    this.pieces += 1;
    this.text += delta;
    this.onDelta?.(delta);
  }

  /** Milliseconds from the request to the first piece (to now when none came). */
  timeToFirstTokenMs(): number {
    return (this.firstAt || this.now()) - this.started;
  }

  /** Decode speed measured here: the tokens after the first over the time since it; undefined when it cannot be measured. */
  decodeTokensPerSecond(completionTokens: number): number | undefined {
    const seconds = this.firstAt ? (this.now() - this.firstAt) / 1000 : 0;
    return seconds > 0 && completionTokens > 1 ? (completionTokens - 1) / seconds : undefined;
  }
}
