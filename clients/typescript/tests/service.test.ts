import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createLeaderboardClient, LeaderboardProblem, unwrap } from "../src/index.js";

/**
 * Against a running service at LEADERBOARD_URL (the build starts one for these tests:
 * TypeScriptClientIntegrationTests). Each test uses users of its own, so the order of the
 * tests does not matter.
 */
const baseUrl = process.env.LEADERBOARD_URL;
const skip = baseUrl === undefined ? "LEADERBOARD_URL is not set: no service to test against" : false;

/** Fails the test when the iteration takes longer than this. */
const FEED_TIMEOUT_MS = 15_000;

function isProblem(status: number, title?: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof LeaderboardProblem, `a LeaderboardProblem, not ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal(error.type, "about:blank");
    if (title !== undefined) {
      assert.equal(error.title, title);
    }
    assert.ok(error.detail.length > 0, "the problem's detail says what was wrong");
    return true;
  };
}

describe("the client against the service", () => {
  const client = createLeaderboardClient({ baseUrl: baseUrl ?? "http://127.0.0.1:9" });
  // skipped one by one, so that the summary counts them (the build expects none skipped)
  const test = (name: string, fn: () => Promise<void>) => it(name, { skip }, fn);

  test("an update answers the user's totals and counts once per idempotency key", async () => {
    const first = await client.update({ user_id: "ts-ann", count: 2 }, { idempotencyKey: "ts-ann-1" });
    assert.equal(first.user_id, "ts-ann");
    assert.equal(first.daily_pomo, 2);
    const repeat = await client.update({ user_id: "ts-ann", count: 2 }, { idempotencyKey: "ts-ann-1" });
    assert.equal(repeat.daily_pomo, 2, "the repeat with the same key is answered, not applied again");
    const next = await client.update({ user_id: "ts-ann", count: 1, display_name: "Ann" });
    assert.equal(next.daily_pomo, 3);
    assert.equal(next.display_name, "Ann");
    await assert.rejects(
      client.update({ user_id: "ts-ann", count: 5 }, { idempotencyKey: "ts-ann-1" }),
      isProblem(409, "Idempotency key reused"),
    );
  });

  test("a board lists users by score with competition ranks", async () => {
    await client.update({ user_id: "ts-bea", count: 40 });
    await client.update({ user_id: "ts-bo", count: 41 });
    const board = await client.board("daily", { limit: 1000 });
    assert.equal(board.period, "daily");
    // every property of the body is there (the types say so): no fallbacks needed
    const bo = board.entries.find((e) => e.user_id === "ts-bo");
    const bea = board.entries.find((e) => e.user_id === "ts-bea");
    assert.ok(bo && bea, "both on the board");
    assert.equal(bo.score, 41);
    assert.equal(bea.rank, bo.rank + 1);
    assert.ok(board.total >= 2);
    // a user without a name has display_name null (typed string | null), not absent
    assert.equal(bea.display_name, null);
  });

  test("a rank, and any other endpoint through the typed api with unwrap", async () => {
    await client.update({ user_id: "ts-cy", count: 3 });
    const rank = await client.rank("ts-cy", "weekly");
    assert.equal(rank.user_id, "ts-cy");
    assert.equal(rank.score, 3);
    // rank and top_percent are null while the score is 0, so typed number | null
    assert.ok(rank.rank !== null && rank.rank >= 1);
    assert.ok(rank.top_percent !== null && rank.top_percent > 0);
    assert.ok(rank.total >= 1);
    const around = await unwrap(
      client.api.GET("/api/redis-leaderboard/user/{userId}/around/{period}", {
        params: { path: { userId: "ts-cy", period: "weekly" }, query: { radius: 1 } },
      }),
    );
    assert.ok(around.entries.some((e) => e.user_id === "ts-cy"));
    const renamed = await unwrap(
      client.api.PUT("/api/redis-leaderboard/user/{userId}/name", {
        params: { path: { userId: "ts-cy" } },
        body: { display_name: "Cy" },
      }),
    );
    assert.equal(renamed.display_name, "Cy");
  });

  test("a 400 is a typed LeaderboardProblem", async () => {
    await assert.rejects(client.board("daily", { limit: 5000 }), isProblem(400));
    await assert.rejects(client.update({ user_id: "ts-dee", count: 0 }), isProblem(400));
    // a bad request is not retried: the user was not created
    await assert.rejects(client.user("ts-dee"), isProblem(404));
  });

  test("a 404 is a typed LeaderboardProblem, from a read and from a feed", async () => {
    await assert.rejects(client.user("ts-nobody"), isProblem(404, "Unknown user"));
    await assert.rejects(client.rank("ts-nobody", "daily"), isProblem(404));
    await assert.rejects(async () => {
      for await (const _ of client.userEvents("ts-nobody", "daily")) {
        assert.fail("no event for an unknown user");
      }
    }, isProblem(404));
  });

  test("the board feed sends the board now, then the board after an update", async () => {
    const signal = AbortSignal.timeout(FEED_TIMEOUT_MS);
    const seen: string[] = [];
    let updated = false;
    for await (const event of client.boardEvents("monthly", { limit: 100 }, { signal })) {
      seen.push(event.type);
      if (event.type === "board" && !updated) {
        updated = true;
        assert.ok(!event.data.entries.some((e) => e.user_id === "ts-eve"));
        await client.update({ user_id: "ts-eve", count: 7 });
      } else if (event.type === "board" && event.data.entries.some((e) => e.user_id === "ts-eve")) {
        break;
      }
    }
    assert.ok(!signal.aborted, `no board event with ts-eve within ${FEED_TIMEOUT_MS} ms (seen: ${seen.join(", ")})`);
    assert.equal(seen[0], "source");
  });

  test("the personal feed sends the standing, then who passed", async () => {
    await client.update({ user_id: "ts-fay", count: 1 });
    const signal = AbortSignal.timeout(FEED_TIMEOUT_MS);
    const events = [];
    for await (const event of client.userEvents("ts-fay", "yearly", {}, { signal })) {
      events.push(event.data);
      if (events.length === 1) {
        assert.equal(event.data.user_id, "ts-fay");
        assert.equal(event.data.score, 1);
        assert.deepEqual(event.data.overtaken_by, []);
        await client.update({ user_id: "ts-gus", count: 2 });
      } else if (event.data.overtaken_by.some((p) => p.user_id === "ts-gus")) {
        break;
      }
    }
    assert.ok(!signal.aborted, `not told of ts-gus passing within ${FEED_TIMEOUT_MS} ms: ${JSON.stringify(events)}`);
    const last = events[events.length - 1];
    assert.equal(last.score, 1);
    assert.ok(last.rank !== null && last.rank >= 2);
  });
});
