import { LeaderboardProblem } from "./problem.js";
import { type SseEvent, SseParser } from "./sse.js";

/** How a feed reconnects. Every field has a default. */
export interface ReconnectOptions {
  /**
   * The pause before reconnecting after a stream ended, in milliseconds, until the
   * server names its own with `retry:` (the service says 2000). Failures in a row
   * double it, up to `maxDelayMs`. Default 1000.
   */
  initialDelayMs?: number;
  /** The longest pause between two attempts, in milliseconds. Default 30000. */
  maxDelayMs?: number;
  /**
   * Failed attempts in a row after which the iterator throws the last error instead of
   * trying again. Default: never gives up.
   */
  maxAttempts?: number;
  /**
   * A connection on which nothing arrived for this long, in milliseconds, is taken for
   * dead and replaced (the service sends a keep-alive comment every 2 s, so a silent
   * connection is a dropped one that TCP has not noticed yet). Default 15000.
   */
  idleTimeoutMs?: number;
}

export interface FeedOptions extends ReconnectOptions {
  /** Aborting it closes the stream and ends the iteration (no error). */
  signal?: AbortSignal;
}

/** What a feed needs to (re)connect. */
export interface FeedRequest {
  url: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Called for each connection, so a token can be renewed between them. */
  headers: () => Promise<Record<string, string>>;
}

/**
 * The events of a server-sent event stream read with `fetch`, across reconnections:
 * when the stream ends or fails, or goes silent for `idleTimeoutMs`, it connects again
 * after a pause (with `Last-Event-ID` when the server gave ids). An error answer that
 * retrying cannot mend (400, 401, 403, 404, ...) is thrown as a `LeaderboardProblem`;
 * 408, 429 and 5xx are tried again, no sooner than their `Retry-After`. `return()` (a
 * `break` out of `for await`) or the signal closes the connection.
 */
export async function* eventStream(request: FeedRequest, options: FeedOptions = {}): AsyncGenerator<SseEvent, void> {
  const signal = options.signal;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  const idleTimeout = options.idleTimeoutMs ?? 15_000;
  let retryMs = options.initialDelayMs ?? 1_000;
  let lastId = "";
  let failures = 0;
  let lastError: unknown;
  while (!signal?.aborted) {
    const connection = new AbortController();
    const stop = (): void => connection.abort();
    signal?.addEventListener("abort", stop, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    let notBefore = 0;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream", ...(await request.headers()) };
      if (lastId !== "") {
        headers["Last-Event-ID"] = lastId;
      }
      const response = await request.fetch(request.url, { headers, signal: connection.signal, cache: "no-store" });
      if (!response.ok || response.body === null) {
        const problem = await LeaderboardProblem.read(response);
        if (!retriable(problem.status)) {
          throw problem;
        }
        failures++;
        lastError = problem;
        notBefore = (problem.retryAfter ?? 0) * 1000;
      } else {
        const events: SseEvent[] = [];
        const parser = new SseParser({
          onEvent: (event) => events.push(event),
          onRetry: (milliseconds) => {
            retryMs = milliseconds;
          },
        });
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const watch = (): void => {
          clearTimeout(idle);
          idle = setTimeout(stop, idleTimeout);
        };
        let received = false;
        try {
          watch();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) {
              break;
            }
            watch();
            parser.feed(decoder.decode(value, { stream: true }));
            for (let event = events.shift(); event !== undefined; event = events.shift()) {
              received = true;
              failures = 0;
              lastId = event.id;
              yield event;
            }
          }
        } finally {
          clearTimeout(idle);
          reader.cancel().catch(() => undefined);
        }
        if (!received) {
          failures++;
          lastError = new Error(`${request.url}: the stream ended before its first event`);
        }
      }
    } catch (error) {
      if (signal?.aborted) {
        return;
      }
      if (error instanceof LeaderboardProblem && !retriable(error.status)) {
        throw error;
      }
      // a failed connection, a dropped or a silent stream: try again
      failures++;
      lastError = error;
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener("abort", stop);
      connection.abort();
    }
    if (failures >= maxAttempts) {
      throw lastError;
    }
    await pause(Math.max(notBefore, backoff(failures, retryMs, maxDelay)), signal);
  }
}

function retriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The pause before the next attempt: the server's delay after a stream that worked,
 * doubled for each failure in a row, with jitter, so that clients a restart cut off
 * together do not all come back in the same instant.
 */
export function backoff(failures: number, base: number, max: number): number {
  if (failures === 0) {
    return base;
  }
  const delay = Math.min(max, base * 2 ** (failures - 1));
  return delay / 2 + (Math.random() * delay) / 2;
}

/** Resolves after `milliseconds`, or at once when the signal aborts. */
export function pause(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal?.addEventListener("abort", done, { once: true });
  });
}
