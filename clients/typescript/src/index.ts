export {
  type BoardEventsQuery,
  type BoardFeedEvent,
  type BoardPage,
  type BoardQuery,
  createLeaderboardClient,
  LeaderboardClient,
  type LeaderboardOptions,
  newIdempotencyKey,
  type Period,
  type RankEvent,
  type RankFeedEvent,
  type RankQuery,
  type Stats,
  unwrap,
  type UpdateOptions,
  type UpdateRequest,
  type UserEventsQuery,
  type UserRank,
} from "./client.js";
export { eventStream, type FeedOptions, type FeedRequest, type ReconnectOptions } from "./feed.js";
export { LeaderboardProblem, type Problem } from "./problem.js";
export type { components, operations, paths } from "./schema.js";
export { type SseEvent, type SseHandlers, SseParser } from "./sse.js";
