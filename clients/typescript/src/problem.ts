import type { components } from "./schema.js";

/** The service's RFC 9457 problem body, as the OpenAPI document describes it. */
export type Problem = components["schemas"]["Problem"];

/**
 * An error answer of the service (4xx or 5xx): its `application/problem+json` body as
 * fields. Every error the service answers has this shape; an answer that is not
 * problem+json (a proxy's HTML page, say) still becomes one, with the status's phrase as
 * title and the start of the body as detail.
 */
export class LeaderboardProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string | undefined;
  /** `Retry-After` in seconds (429 and 503), when the answer carried one. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = "LeaderboardProblem";
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.retryAfter = retryAfter;
  }

  /**
   * The problem of an error response whose body was already read: `body` is the parsed
   * JSON, or the text when it was not JSON (what openapi-fetch gives as `error`).
   */
  static of(response: Response, body: unknown): LeaderboardProblem {
    const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
    if (isProblem(body)) {
      return new LeaderboardProblem(
        {
          type: typeof body.type === "string" ? body.type : "about:blank",
          title: body.title,
          status: body.status,
          detail: typeof body.detail === "string" ? body.detail : "",
          instance: typeof body.instance === "string" ? body.instance : undefined,
        },
        retryAfter,
      );
    }
    const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
    return new LeaderboardProblem(
      {
        type: "about:blank",
        title: response.statusText || `HTTP ${response.status}`,
        status: response.status,
        detail: text.slice(0, 500),
      },
      retryAfter,
    );
  }

  /** Reads an error response's body and makes its problem. */
  static async read(response: Response): Promise<LeaderboardProblem> {
    let text = "";
    try {
      text = await response.text();
    } catch {
      // the body could not be read: the status alone says what happened
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return LeaderboardProblem.of(response, body);
  }
}

function isProblem(body: unknown): body is { status: number; title: string } & Record<string, unknown> {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as Record<string, unknown>).status === "number" &&
    typeof (body as Record<string, unknown>).title === "string"
  );
}

/** Seconds, from `Retry-After` as seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  if (/^[0-9]+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
