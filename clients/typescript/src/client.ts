import createClient, { type Client } from "openapi-fetch";

import { eventStream, type FeedOptions, pause } from "./feed.js";
import { LeaderboardProblem } from "./problem.js";
import type { components, paths } from "./schema.js";

const API = "/api/redis-leaderboard";

type BoardOperation = paths["/api/redis-leaderboard/{period}"]["get"];
type RankOperation = paths["/api/redis-leaderboard/user/{userId}/rank/{period}"]["get"];
type BoardEventsOperation = paths["/api/redis-leaderboard/{period}/events"]["get"];
type UserEventsOperation = paths["/api/redis-leaderboard/user/{userId}/events"]["get"];

export type Period = BoardOperation["parameters"]["path"]["period"];
export type Stats = components["schemas"]["Stats"];
export type BoardPage = components["schemas"]["BoardPage"];
export type UserRank = components["schemas"]["UserRank"];
export type UpdateRequest = components["schemas"]["UpdateRequest"];
export type BoardQuery = NonNullable<BoardOperation["parameters"]["query"]>;
export type RankQuery = NonNullable<RankOperation["parameters"]["query"]>;
export type BoardEventsQuery = NonNullable<BoardEventsOperation["parameters"]["query"]>;
export type UserEventsQuery = Omit<UserEventsOperation["parameters"]["query"], "period">;

/**
 * The data of a personal feed's `rank` event. The OpenAPI document describes the feed
 * as a text stream, so this type is written by hand (docs/api.md, "A user's live rank").
 */
export interface RankEvent {
  user_id: string;
  period: Period;
  period_start: string;
  /** null while the user has no score in the period, and while hidden */
  rank: number | null;
  score: number;
  total: number;
  top_percent: number | null;
  hidden: boolean;
  /** who passed the user since the previous event, nearest first */
  overtaken_by: { user_id: string; display_name: string | null }[];
}

/** An event of the live board feed: where the reads come from, or the board's top. */
export type BoardFeedEvent = { type: "source"; data: "redis" | "postgres" } | { type: "board"; data: BoardPage };

/** An event of a user's personal feed. */
export type RankFeedEvent = { type: "rank"; data: RankEvent };

export interface LeaderboardOptions {
  /** Where the service answers, e.g. `https://leaderboard.example.com`. */
  baseUrl: string;
  /**
   * A bearer token for every request and feed: an update token when the service checks
   * them, or the admin token. A function is asked before each request.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Another `fetch` (defaults to the global one). */
  fetch?: typeof fetch;
  /** Attempts after the first for an update answered 502, 503, 504 or not at all. Default 2. */
  updateRetries?: number;
}

export interface UpdateOptions {
  /**
   * The update's `Idempotency-Key`. Without one a random key is made for the call; the
   * same key is sent on every retry, so a retried update counts once.
   */
  idempotencyKey?: string;
  /** Overrides `LeaderboardOptions.updateRetries` for this call. */
  retries?: number;
  signal?: AbortSignal;
}

/**
 * The data of an openapi-fetch answer, or its error as a {@link LeaderboardProblem}:
 * for calls made through {@link LeaderboardClient.api}.
 */
export async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<Exclude<R["data"], undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw LeaderboardProblem.of(response, error);
  }
  return data as Exclude<R["data"], undefined>;
}

/** A random idempotency key: 32 hex digits. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  // getRandomValues, unlike randomUUID, also exists on pages served over plain HTTP
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class LeaderboardClient {
  /**
   * Every endpoint of the OpenAPI document, typed: answers `{ data, error, response }`
   * (openapi-fetch); `unwrap()` turns that into the data or a thrown problem.
   */
  readonly api: Client<paths>;

  private readonly baseUrl: string;
  private readonly fetcher: typeof fetch;
  private readonly token: LeaderboardOptions["token"];
  private readonly updateRetries: number;

  constructor(options: LeaderboardOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    // looked up at call time, so a fetch replaced after construction is used
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.token = options.token;
    this.updateRetries = options.updateRetries ?? 2;
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: (request) => this.fetcher(request) });
    this.api.use({
      onRequest: async ({ request }) => {
        const token = await this.currentToken();
        if (token !== undefined && !request.headers.has("Authorization")) {
          request.headers.set("Authorization", `Bearer ${token}`);
        }
        return request;
      },
    });
  }

  /**
   * `POST /update`: adds pomodoros and answers the user's totals. Always sends an
   * `Idempotency-Key` and retries answers that mean "not applied" (503) or "not known"
   * (502, 504, no answer) with the same key, so the update counts at most once.
   */
  async update(body: UpdateRequest, options: UpdateOptions = {}): Promise<Stats> {
    const key = options.idempotencyKey ?? newIdempotencyKey();
    const attempts = 1 + (options.retries ?? this.updateRetries);
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      let notBefore = 0;
      try {
        const { data, error, response } = await this.api.POST(`${API}/update`, {
          body,
          params: { header: { "Idempotency-Key": key } },
          signal: options.signal,
        });
        if (response.ok && data !== undefined) {
          return data;
        }
        const problem = LeaderboardProblem.of(response, error);
        if (![502, 503, 504].includes(problem.status)) {
          throw problem;
        }
        failure = problem;
        notBefore = (problem.retryAfter ?? 0) * 1000;
      } catch (error) {
        if (error instanceof LeaderboardProblem || options.signal?.aborted) {
          throw error;
        }
        failure = error;
      }
      if (attempt >= attempts) {
        throw failure;
      }
      await pause(Math.max(notBefore, 200 * 2 ** (attempt - 1)), options.signal);
    }
  }

  /** `GET /{period}`: a page of the board. */
  board(period: Period, query?: BoardQuery): Promise<BoardPage> {
    return unwrap(this.api.GET(`${API}/{period}`, { params: { path: { period }, query } }));
  }

  /** `GET /user/{id}`: the user's totals; a 404 problem for a user never recorded. */
  user(userId: string): Promise<Stats> {
    return unwrap(this.api.GET(`${API}/user/{userId}`, { params: { path: { userId } } }));
  }

  /** `GET /user/{id}/rank/{period}`: rank, score, board size and top percent. */
  rank(userId: string, period: Period, query?: RankQuery): Promise<UserRank> {
    return unwrap(this.api.GET(`${API}/user/{userId}/rank/{period}`, { params: { path: { userId, period }, query } }));
  }

  /**
   * `GET /{period}/events`: the live board as an async iterator that reconnects; each
   * connection starts with a `source` and a `board` event (the board now).
   */
  async *boardEvents(period: Period, query: BoardEventsQuery = {}, options: FeedOptions = {}): AsyncGenerator<BoardFeedEvent, void> {
    const url = this.url(`${API}/${encodeURIComponent(period)}/events`, query);
    for await (const event of eventStream(this.feedRequest(url), options)) {
      if (event.event === "board") {
        yield { type: "board", data: JSON.parse(event.data) as BoardPage };
      } else if (event.event === "source") {
        yield { type: "source", data: event.data as "redis" | "postgres" };
      }
    }
  }

  /**
   * `GET /user/{id}/events?period=`: a user's standing as an async iterator that
   * reconnects; each connection starts with the standing now (`overtaken_by` empty).
   */
  async *userEvents(userId: string, period: Period, query: UserEventsQuery = {}, options: FeedOptions = {}): AsyncGenerator<RankFeedEvent, void> {
    const url = this.url(`${API}/user/${encodeURIComponent(userId)}/events`, { period, ...query });
    for await (const event of eventStream(this.feedRequest(url), options)) {
      if (event.event === "rank") {
        yield { type: "rank", data: JSON.parse(event.data) as RankEvent };
      }
    }
  }

  private url(path: string, query: Record<string, string | number | undefined>): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) {
        search.set(name, String(value));
      }
    }
    const text = search.toString();
    return `${this.baseUrl}${path}${text === "" ? "" : `?${text}`}`;
  }

  private feedRequest(url: string) {
    return {
      url,
      fetch: (input: string, init: RequestInit) => this.fetcher(input, init),
      headers: async (): Promise<Record<string, string>> => {
        const token = await this.currentToken();
        return token === undefined ? {} : { Authorization: `Bearer ${token}` };
      },
    };
  }

  private async currentToken(): Promise<string | undefined> {
    return typeof this.token === "function" ? this.token() : this.token;
  }
}

/** A client of the leaderboard service at `options.baseUrl`. */
export function createLeaderboardClient(options: LeaderboardOptions): LeaderboardClient {
  return new LeaderboardClient(options);
}
