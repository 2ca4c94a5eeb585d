package app.leaderboard.notify;

import java.time.Instant;

import app.leaderboard.store.postgres.WebhookOutbox;

/**
 * A sequence of boundaries that each make one webhook event: the end of every daily board
 * is one stream ({@code period.ended:daily}), a league season's end another
 * ({@code LeagueSeasonEvents}). The hook for a new kind of event: an {@link EventSource}
 * bean whose streams say where their boundaries fall and what each event's body holds;
 * {@link EventMaker} makes the rows and {@link WebhookSender} delivers them, with nothing
 * else to change.
 */
public interface EventStream {

	/**
	 * The stream's name, the key of its progress row ({@code webhook_streams}); never
	 * renamed once events were made under it.
	 */
	String name();

	/** The first boundary strictly after {@code after}. */
	Instant nextBoundary(Instant after);

	/**
	 * The event of {@code boundary}, the first after {@code after}: its kind, what ended
	 * (unique per kind) and its body, read from PostgreSQL in the transaction that makes
	 * it (the body is fixed from then on). Called inside that transaction.
	 */
	WebhookOutbox.NewEvent event(String id, Instant after, Instant boundary);

}
