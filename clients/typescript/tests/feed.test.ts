import assert from "node:assert/strict";
import { test } from "node:test";

import { eventStream, type FeedOptions } from "../src/feed.js";
import { LeaderboardProblem } from "../src/problem.js";
import { Loopback, problem, stream } from "./loopback.js";

function request(url: string) {
  return { url, fetch: (input: string, init: RequestInit) => fetch(input, init), headers: async () => ({}) };
}

const fast: FeedOptions = { initialDelayMs: 10, maxDelayMs: 50 };

test("a dropped stream is reconnected, with the server's retry and Last-Event-ID", async () => {
  const server = await Loopback.start(
    (_req, res) => {
      stream(res, "retry: 30\nid: 41\nevent: board\ndata: one\n\n");
      setTimeout(() => res.destroy(), 20);
    },
    (_req, res) => stream(res, "event: board\ndata: two\n\n"),
  );
  try {
    const seen: string[] = [];
    const started = Date.now();
    for await (const event of eventStream(request(server.url), fast)) {
      seen.push(event.data);
      if (seen.length === 2) {
        break;
      }
    }
    assert.deepEqual(seen, ["one", "two"]);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].headers["last-event-id"], undefined);
    assert.equal(server.requests[1].headers["last-event-id"], "41");
    assert.equal(server.requests[1].headers.accept, "text/event-stream");
    assert.ok(Date.now() - started >= 15, "waited about the server's retry (30 ms, jittered) before reconnecting");
    // break (return()) closed the second connection
    await server.requests[1].closed;
  } finally {
    await server.stop();
  }
});

test("a silent connection is replaced after the idle timeout", async () => {
  const server = await Loopback.start(
    (_req, res) => stream(res, "data: first\n\n"),
    (_req, res) => stream(res, "data: second\n\n"),
  );
  try {
    const seen: string[] = [];
    for await (const event of eventStream(request(server.url), { ...fast, idleTimeoutMs: 100 })) {
      seen.push(event.data);
      if (seen.length === 2) {
        break;
      }
    }
    assert.deepEqual(seen, ["first", "second"]);
    await server.requests[0].closed;
  } finally {
    await server.stop();
  }
});

test("429 and 503 are tried again; 404 is thrown as a LeaderboardProblem", async () => {
  const server = await Loopback.start(
    (_req, res) => problem(res, 503, "Too many streams", { "Retry-After": "0" }),
    (_req, res) => problem(res, 429, "Too many event streams for this client"),
    (_req, res) => problem(res, 404, "Unknown user"),
  );
  try {
    await assert.rejects(
      async () => {
        for await (const _ of eventStream(request(server.url), fast)) {
          assert.fail("no event expected");
        }
      },
      (error: unknown) => {
        assert.ok(error instanceof LeaderboardProblem);
        assert.equal(error.status, 404);
        assert.equal(error.title, "Unknown user");
        assert.equal(error.detail, "Unknown user (test)");
        return true;
      },
    );
    assert.equal(server.requests.length, 3);
  } finally {
    await server.stop();
  }
});

test("maxAttempts failures in a row end the iteration with the last error", async () => {
  const server = await Loopback.start((_req, res) => problem(res, 500, "Internal Server Error"));
  try {
    await assert.rejects(async () => {
      for await (const _ of eventStream(request(server.url), { ...fast, maxAttempts: 3 })) {
        assert.fail("no event expected");
      }
    }, /500 Internal Server Error/);
    assert.equal(server.requests.length, 3);
  } finally {
    await server.stop();
  }
});

test("aborting the signal closes the connection and ends the iteration without an error", async () => {
  const server = await Loopback.start((_req, res) => stream(res, "data: only\n\n"));
  try {
    const abort = new AbortController();
    const iterator = eventStream(request(server.url), { ...fast, signal: abort.signal });
    assert.equal((await iterator.next()).value?.data, "only");
    const pending = iterator.next();
    abort.abort();
    assert.deepEqual(await pending, { done: true, value: undefined });
    await server.requests[0].closed;
    assert.equal(server.requests.length, 1);
  } finally {
    await server.stop();
  }
});
