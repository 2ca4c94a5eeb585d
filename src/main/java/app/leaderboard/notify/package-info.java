/**
 * The webhook (docs/api.md, "Webhook"): {@code period.ended} and
 * {@code league.season_ended} events made in PostgreSQL from its state and the clock
 * ({@link EventMaker}, one {@link EventStream} per kind of boundary), kept in the outbox
 * of {@code store.postgres.WebhookOutbox}, and delivered at least once, signed, by one
 * instance at a time ({@link WebhookSender}).
 */
@NullMarked
package app.leaderboard.notify;

import org.jspecify.annotations.NullMarked;
