package app.leaderboard.store.postgres;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox: one row per update until its Redis write is known to have happened, so that
 * an update whose Redis write failed (or whose process died) reaches Redis later.
 */
@Repository
public class OutboxStore {

	private static final String DELETE = "delete from outbox where id = any(?)";

	/** SKIP LOCKED: several instances relay different rows at once. */
	private static final String TAKE = """
			delete from outbox where id in (
			    select id from outbox where created_at < clock_timestamp() - make_interval(secs => ?)
			    order by id limit ? for update skip locked)
			returning user_id, left_region, left_org, erased, version
			""";

	private static final String BACKLOG = "select count(*), "
			+ "coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0) from outbox";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public OutboxStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Forgets outbox rows whose users reached Redis already. */
	public void deleteOutbox(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return;
		}
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement(DELETE);
			ps.setArray(1, con.createArrayOf("bigint", ids.toArray()));
			return ps;
		});
	}

	/**
	 * Takes up to {@code limit} outbox rows older than {@code minAge}, hands their users
	 * to {@code apply} and deletes the rows only if it returns true.
	 * @return the number of rows applied
	 */
	public int relayOutbox(int limit, Duration minAge, Predicate<List<OutboxEntry>> apply) {
		Integer applied = this.transactions.execute((status) -> {
			List<OutboxEntry> users = this.jdbc.query(TAKE, (rs, n) -> new OutboxEntry(rs.getString(1), rs.getString(2),
					rs.getString(3), rs.getBoolean(4), rs.getLong(5)), minAge.toMillis() / 1000.0, limit);
			if (users.isEmpty()) {
				return 0;
			}
			if (!apply.test(users)) {
				status.setRollbackOnly();
				return 0;
			}
			return users.size();
		});
		return (applied != null) ? applied : 0;
	}

	/**
	 * One outbox row: whose state to write, the scopes the user left in that change
	 * (their boards lose the user), or, for an erasure, the scopes whose boards lose them
	 * and the erasure's version (0 otherwise).
	 */
	public record OutboxEntry(String userId, @Nullable String leftRegion, @Nullable String leftOrg, boolean erased,
			long version) {
	}

	/** Rows waiting in the outbox and the age of the oldest, in seconds. */
	public record OutboxBacklog(long rows, double oldestSeconds) {
	}

	public OutboxBacklog outboxBacklog() {
		return this.jdbc.queryForObject(BACKLOG, (rs, n) -> new OutboxBacklog(rs.getLong(1), rs.getDouble(2)));
	}

}
