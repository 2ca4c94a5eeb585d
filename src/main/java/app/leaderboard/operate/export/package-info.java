/**
 * The admin export of a whole board (docs/api.md, "Exports"): CSV or NDJSON streamed from
 * one PostgreSQL snapshot in constant memory, at most two at a time per instance.
 */
@NullMarked
package app.leaderboard.operate.export;

import org.jspecify.annotations.NullMarked;
