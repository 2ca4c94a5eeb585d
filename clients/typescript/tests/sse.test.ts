import assert from "node:assert/strict";
import { test } from "node:test";

import { type SseEvent, SseParser } from "../src/sse.js";

function parse(...chunks: string[]): { events: SseEvent[]; retries: number[] } {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = new SseParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) });
  for (const chunk of chunks) {
    parser.feed(chunk);
  }
  return { events, retries };
}

test("the service's stream: named events, comments, retry", () => {
  const { events, retries } = parse(
    'event:source\ndata:redis\nretry:2000\n\n:keep-alive\n\nevent:board\ndata:{"total":1}\n\n',
  );
  assert.deepEqual(events, [
    { event: "source", data: "redis", id: "" },
    { event: "board", data: '{"total":1}', id: "" },
  ]);
  assert.deepEqual(retries, [2000]);
});

test("events cut anywhere, even between \\r and \\n, come out whole", () => {
  const text = "event: board\r\ndata: a\r\ndata:  b\r\n\r\nid: 7\r\ndata: c\r\n\r\n";
  for (let cut = 0; cut <= text.length; cut++) {
    const { events } = parse(text.slice(0, cut), text.slice(cut));
    assert.deepEqual(
      events,
      [
        { event: "board", data: "a\n b", id: "" },
        { event: "message", data: "c", id: "7" },
      ],
      `cut at ${cut}`,
    );
  }
});

test("every line ending of the standard, a leading BOM, fields without a colon", () => {
  const { events } = parse("\ufeffdata: one\rdata\r\rdata: two\n\n");
  assert.deepEqual(events, [
    { event: "message", data: "one\n", id: "" },
    { event: "message", data: "two", id: "" },
  ]);
});

test("no data, no event; an incomplete event waits for its blank line; bad retry is ignored", () => {
  const { events, retries } = parse("event: board\n\nretry: soon\ndata: half");
  assert.deepEqual(events, []);
  assert.deepEqual(retries, []);
});

test("the last id is kept across events and a reset, and an id with NUL is ignored", () => {
  const events: SseEvent[] = [];
  const parser = new SseParser({ onEvent: (e) => events.push(e) });
  parser.feed("id: 1\ndata: a\n\ndata: b\n\nid: x\u0000y\ndata: c\n\ndata: half");
  parser.reset();
  parser.feed("\ndata: d\n\n");
  assert.deepEqual(
    events.map((e) => `${e.data}@${e.id}`),
    ["a@1", "b@1", "c@1", "d@1"],
  );
  assert.equal(parser.lastId, "1");
});
