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
 * The outbox: a row per change until its Redis write is known to have happened, so that
 * an update whose Redis write failed (or whose process died) reaches Redis later. A batch
 * of updates writes one row for its users ({@code user_ids}); a user who left a scope, a
 * hide, a name and an erasure write rows of one user each ({@code user_id}).
 */
@Repository
public class OutboxStore {

	private static final String DELETE = "delete from outbox where id = any(?)";

	/**
	 * SKIP LOCKED: several instances relay different rows at once. A batch's row gives
	 * one entry per user. Rows are taken in id order until they hold the limit's number
	 * of users (the last row whole), so that one relay transaction writes about as many
	 * users as before batches shared a row, whatever the batch size; the rows locked
	 * beyond are left to the next take.
	 */
	private static final String TAKE = """
			with taken as (
			    delete from outbox where id in (
			        select id from (
			            select id, sum(users) over (order by id) - users as before from (
			                select id, coalesce(cardinality(user_ids), 1) as users from outbox
			                where created_at < clock_timestamp() - make_interval(secs => ?)
			                order by id limit ? for update skip locked) waiting
			        ) counted
			        where before < ?)
			    returning user_id, user_ids, left_region, left_org, erased, version
			)
			select coalesce(u.user_id, t.user_id), t.left_region, t.left_org, t.erased, t.version
			from taken t left join lateral unnest(t.user_ids) u(user_id) on true
			where coalesce(u.user_id, t.user_id) is not null
			""";

	/** Users waiting (a batch's row counts its users), and the oldest row's age. */
	private static final String BACKLOG = "select coalesce(sum(coalesce(cardinality(user_ids), 1)), 0), "
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
	 * Takes outbox rows older than {@code minAge} with up to about {@code limit} users
	 * (at most {@code limit} rows, the last row whole), hands their users to
	 * {@code apply} and deletes the rows only if it returns true.
	 * @return the number of users applied: at least {@code limit} when the take stopped
	 * at the limit rather than at the end of the outbox
	 */
	public int relayOutbox(int limit, Duration minAge, Predicate<List<OutboxEntry>> apply) {
		Integer applied = this.transactions.execute((status) -> {
			List<OutboxEntry> users = this.jdbc.query(TAKE, (rs, n) -> new OutboxEntry(rs.getString(1), rs.getString(2),
					rs.getString(3), rs.getBoolean(4), rs.getLong(5)), minAge.toMillis() / 1000.0, limit, limit);
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

	/**
	 * Users waiting in the outbox (rows, a batch's row counting its users) and the age of
	 * the oldest row, in seconds.
	 */
	public record OutboxBacklog(long rows, double oldestSeconds) {
	}

	public OutboxBacklog outboxBacklog() {
		return this.jdbc.queryForObject(BACKLOG, (rs, n) -> new OutboxBacklog(rs.getLong(1), rs.getDouble(2)));
	}

}
