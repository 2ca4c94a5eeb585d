package app.leaderboard.store.postgres;

import static app.leaderboard.store.postgres.SqlValues.instantOf;
import static app.leaderboard.store.postgres.SqlValues.timestamp;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook's outbox (V1_50): when the service first ran, how far each stream of events
 * has been made, and the events waiting for delivery. Everything the sender coordinates
 * on is here, in PostgreSQL, so that events are made and sent while Redis is down too.
 * Moments come from the caller (the service's clock), never from the database's.
 */
@Repository
public class WebhookOutbox {

	/** Serialises claims across instances: an arbitrary constant of this service. */
	static final long CLAIM_LOCK = 0x1eade7b0a7d0050L;

	static final String RECORD_ORIGIN = "insert into service_origin (first_run) values (?) on conflict do nothing";

	static final String ORIGIN = "select first_run from service_origin";

	static final String START_STREAM = "insert into webhook_streams (stream, made_until) values (?, ?) "
			+ "on conflict do nothing";

	static final String MADE_UNTIL = "select made_until from webhook_streams where stream = ?";

	static final String LOCK_STREAM = "select made_until from webhook_streams where stream = ? for update";

	static final String MOVE_STREAM = "update webhook_streams set made_until = ? where stream = ?";

	static final String INSERT_EVENT = "insert into webhook_events (id, kind, subject, boundary, body, made_at, "
			+ "give_up_at, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (kind, subject) do nothing";

	/**
	 * The next due event, oldest boundary first, unless another sender holds a live
	 * claim: one sender at a time across all instances, in boundary order.
	 */
	static final String CLAIM = """
			update webhook_events set claim = ?, claimed_until = ?, attempts = attempts + 1
			where id = (select id from webhook_events
			        where delivered_at is null and failed_at is null and next_attempt_at <= ?
			        order by boundary, seq limit 1)
			    and not exists (select 1 from webhook_events where delivered_at is null and failed_at is null
			        and claimed_until > ?)
			returning id, kind, subject, body, attempts, give_up_at
			""";

	static final String DELIVERED = "update webhook_events set delivered_at = ?, last_outcome = ?, claim = null, "
			+ "claimed_until = null where id = ? and claim = ?";

	static final String RETRY = "update webhook_events set next_attempt_at = ?, last_outcome = ?, claim = null, "
			+ "claimed_until = null where id = ? and claim = ?";

	static final String GIVE_UP = "update webhook_events set failed_at = ?, last_outcome = ?, claim = null, "
			+ "claimed_until = null where id = ? and claim = ?";

	static final String FORGET = "delete from webhook_events where delivered_at < ? or failed_at < ?";

	static final String BACKLOG = "select count(*), min(boundary) from webhook_events "
			+ "where delivered_at is null and failed_at is null";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TransactionTemplate snapshot;

	public WebhookOutbox(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/** Records the first run, once ever; returns it. */
	public Instant recordFirstRun(Instant now) {
		this.jdbc.update(RECORD_ORIGIN, timestamp(now));
		return this.jdbc.queryForObject(ORIGIN, (rs, n) -> instantOf(rs, 1));
	}

	/**
	 * Starts a stream at {@code from} unless it exists: boundaries up to it send nothing.
	 */
	public void startStream(String stream, Instant from) {
		this.jdbc.update(START_STREAM, stream, timestamp(from));
	}

	/** The moment up to which the stream's events are made; empty before it started. */
	public Optional<Instant> madeUntil(String stream) {
		return this.jdbc.query(MADE_UNTIL, (rs, n) -> instantOf(rs, 1), stream).stream().findFirst();
	}

	/** An event as made: its body is what every attempt sends. */
	public record NewEvent(String kind, String subject, Instant boundary, byte[] body) {
	}

	/**
	 * Makes the stream's event of {@code boundary} and moves the stream past it, in one
	 * transaction under the stream's row lock; {@code event} reads what the body needs in
	 * the same snapshot. Does nothing when another instance made it first.
	 * @return whether this call made it
	 */
	public boolean make(String stream, Instant boundary, String id, Instant now, Duration deliverFor,
			Supplier<NewEvent> event) {
		Boolean made = this.snapshot.execute((status) -> {
			List<Instant> until = this.jdbc.query(LOCK_STREAM, (rs, n) -> instantOf(rs, 1), stream);
			if (until.isEmpty() || !until.get(0).isBefore(boundary)) {
				return false;
			}
			NewEvent content = event.get();
			this.jdbc.update(INSERT_EVENT, id, content.kind(), content.subject(), timestamp(content.boundary()),
					content.body(), timestamp(now), timestamp(now.plus(deliverFor)), timestamp(now));
			this.jdbc.update(MOVE_STREAM, timestamp(boundary), stream);
			return true;
		});
		return Boolean.TRUE.equals(made);
	}

	/** An event this instance holds the claim of, to send now. */
	public record Claimed(String id, String kind, String subject, byte[] body, int attempts, Instant giveUpAt,
			String claim) {
	}

	/**
	 * Claims the next due event for {@code hold}, or nothing when none is due or another
	 * instance is sending.
	 */
	public Optional<Claimed> claimNext(Instant now, Duration hold) {
		String claim = UUID.randomUUID().toString();
		List<Claimed> claimed = this.transactions.execute((status) -> {
			if (!Boolean.TRUE
				.equals(this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, CLAIM_LOCK))) {
				return List.of();
			}
			OffsetDateTime at = timestamp(now);
			return this.jdbc.query(CLAIM, (rs, n) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getBytes(4), rs.getInt(5), instantOf(rs, 6), claim), claim, timestamp(now.plus(hold)), at, at);
		});
		return (claimed == null) ? Optional.empty() : claimed.stream().findFirst();
	}

	public void delivered(Claimed event, Instant now, String outcome) {
		this.jdbc.update(DELIVERED, timestamp(now), outcome, event.id(), event.claim());
	}

	/**
	 * Another attempt at {@code next}, or none ({@code null}): the event failed for good.
	 */
	public void failed(Claimed event, Instant now, String outcome, @Nullable Instant next) {
		if (next != null) {
			this.jdbc.update(RETRY, timestamp(next), outcome, event.id(), event.claim());
		}
		else {
			this.jdbc.update(GIVE_UP, timestamp(now), outcome, event.id(), event.claim());
		}
	}

	/** Deletes events delivered or given up before {@code before}. */
	public int forget(Instant before) {
		return this.jdbc.update(FORGET, timestamp(before), timestamp(before));
	}

	/** Events not delivered yet, and the oldest one's boundary. */
	public record Backlog(long events, @Nullable Instant oldestBoundary) {
	}

	public Backlog backlog() {
		return this.jdbc.queryForObject(BACKLOG, (rs, n) -> new Backlog(rs.getLong(1), instantOf(rs, 2)));
	}

}
