import assert from "node:assert/strict";
import { test } from "node:test";

import { createLeaderboardClient, LeaderboardProblem } from "../src/index.js";
import { Loopback, problem } from "./loopback.js";

const stats = { user_id: "alice", daily_pomo: 2, weekly_pomo: 2, monthly_pomo: 2, yearly_pomo: 2 };

function ok(res: import("node:http").ServerResponse): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(stats));
}

test("an update answered 503 and 504 is retried with the same generated key", async () => {
  const server = await Loopback.start(
    (_req, res) => problem(res, 503, "Database unavailable"),
    (_req, res) => problem(res, 504, "Update outcome unknown"),
    (_req, res) => ok(res),
  );
  try {
    const client = createLeaderboardClient({ baseUrl: server.url });
    assert.deepEqual(await client.update({ user_id: "alice", count: 2 }), stats);
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    assert.equal(keys.length, 3);
    assert.match(String(keys[0]), /^[0-9a-f]{32}$/);
    assert.deepEqual(new Set(keys).size, 1);
    // another call, another key
    await client.update({ user_id: "alice", count: 2 });
    assert.notEqual(server.requests[3].headers["idempotency-key"], keys[0]);
  } finally {
    await server.stop();
  }
});

test("a caller's key is sent as given; a 4xx is not retried; retries run out", async () => {
  const server = await Loopback.start(
    (_req, res) => problem(res, 400, "Invalid request"),
    (_req, res) => problem(res, 503, "Database unavailable"),
  );
  try {
    const client = createLeaderboardClient({ baseUrl: server.url, token: () => "t0k" });
    await assert.rejects(client.update({ user_id: "alice", count: 2 }, { idempotencyKey: "mine-1" }), (e: unknown) => {
      assert.ok(e instanceof LeaderboardProblem);
      assert.equal(e.status, 400);
      return true;
    });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].headers["idempotency-key"], "mine-1");
    assert.equal(server.requests[0].headers.authorization, "Bearer t0k");
    await assert.rejects(client.update({ user_id: "alice", count: 2 }, { retries: 1 }), (e: unknown) => {
      assert.ok(e instanceof LeaderboardProblem);
      assert.equal(e.status, 503);
      assert.equal(e.title, "Database unavailable");
      return true;
    });
    assert.equal(server.requests.length, 3);
  } finally {
    await server.stop();
  }
});

test("an answer that is not problem+json still becomes a LeaderboardProblem", async () => {
  const server = await Loopback.start((_req, res) => {
    res.writeHead(502, "Bad Gateway", { "Content-Type": "text/html" });
    res.end("<html>proxy says no</html>");
  });
  try {
    const client = createLeaderboardClient({ baseUrl: server.url });
    await assert.rejects(client.board("daily"), (e: unknown) => {
      assert.ok(e instanceof LeaderboardProblem);
      assert.equal(e.status, 502);
      assert.equal(e.title, "Bad Gateway");
      assert.match(e.detail, /proxy says no/);
      return true;
    });
  } finally {
    await server.stop();
  }
});
