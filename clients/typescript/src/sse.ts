/**
 * A parser of the `text/event-stream` format (the HTML standard's "server-sent events"),
 * for runtimes without `EventSource` (Node.js) and for streams read with `fetch`, which
 * can carry headers (a token) that `EventSource` cannot.
 */

/** One dispatched event. */
export interface SseEvent {
  /** `event:` field; `message` when the event named none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last `id:` seen on the stream so far ("" when none). */
  readonly id: string;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  onRetry?(milliseconds: number): void;
}

/**
 * Feed it text as it arrives, in chunks cut anywhere; it calls back once per complete
 * event. Comments (`: keep-alive`) are dropped; an event with no `data:` line is not
 * dispatched, as the standard says.
 */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private lastEventId = "";
  /** A chunk that ended in `\r`: a `\n` starting the next one belongs to it. */
  private pendingCr = false;
  private started = false;

  constructor(private readonly handlers: SseHandlers) {}

  /** The `id:` the next connection should send as `Last-Event-ID` ("" for none). */
  get lastId(): string {
    return this.lastEventId;
  }

  feed(chunk: string): void {
    let text = chunk;
    if (this.pendingCr && text.startsWith("\n")) {
      text = text.slice(1);
    }
    this.pendingCr = false;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) {
        continue;
      }
      this.line(this.buffer.slice(start, i));
      if (c === 0x0d) {
        if (i + 1 === this.buffer.length) {
          this.pendingCr = true;
        } else if (this.buffer.charCodeAt(i + 1) === 0x0a) {
          i++;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /**
   * Forgets a half-received event, as when a connection ends: what the next one sends
   * starts afresh. The last event id is kept, to be sent on reconnection.
   */
  reset(): void {
    this.buffer = "";
    this.data = [];
    this.event = "";
    this.pendingCr = false;
    this.started = false;
  }

  private line(line: string): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) {
      value = value.slice(1);
    }
    switch (field) {
      case "event":
        this.event = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\u0000")) {
          this.lastEventId = value;
        }
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) {
          this.handlers.onRetry?.(Number(value));
        }
        break;
      default:
        // unknown fields are ignored
        break;
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.event = "";
      return;
    }
    const event: SseEvent = { event: this.event || "message", data: this.data.join("\n"), id: this.lastEventId };
    this.data = [];
    this.event = "";
    this.handlers.onEvent(event);
  }
}
