package app.leaderboard.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.core.Scope;
import app.leaderboard.core.Membership;

/**
 * Erasing and hiding users (contract 7.2), each one transaction with an outbox row, so
 * that Redis follows even when it is down at the time.
 */
@Repository
public class UserAdministration {

	/** Every board the user's totals counted on loses one member (the user's shard). */
	private static final String SHRINK_BOARDS = """
			insert into board_sizes (period, period_start, scope, shard, members)
			select t.period, t.period_start, s.scope, ?, ?
			from period_totals t, unnest(?::text[]) s(scope)
			where t.user_id = ?
			order by 1, 2, 3
			on conflict (period, period_start, scope, shard) do update set members = board_sizes.members + excluded.members
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public UserAdministration(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Deletes the user and everything about them: totals of every period, board sizes,
	 * idempotency keys, outbox rows; then one outbox row that tells the relay to erase
	 * them from Redis (it is the only trace left, and goes once the relay ran).
	 * @return the user's membership before, or empty when the user is unknown
	 */
	public Optional<Membership> erase(String userId) {
		return this.transactions.execute((status) -> {
			Optional<Membership> before = lock(userId);
			if (before.isEmpty()) {
				return before;
			}
			if (!before.get().hidden()) {
				resize(userId, before.get(), -1);
			}
			this.jdbc.update("delete from period_totals where user_id = ?", userId);
			this.jdbc.update("delete from idempotency_keys where user_id = ?", userId);
			this.jdbc.update("delete from outbox where user_id = ?", userId);
			this.jdbc.update("delete from users where user_id = ?", userId);
			this.jdbc.update("insert into outbox (user_id, left_region, left_org, erased) values (?, ?, ?, true)",
					userId, before.get().region(), before.get().org());
			return before;
		});
	}

	/**
	 * Hides or shows the user on every board (their totals stay and keep growing).
	 * @return the membership after, or empty when the user is unknown
	 */
	public Optional<Membership> setHidden(String userId, boolean hidden) {
		return this.transactions.execute((status) -> {
			Optional<Membership> before = lock(userId);
			if (before.isEmpty() || before.get().hidden() == hidden) {
				return before;
			}
			if (!hidden) {
				this.jdbc.update("update period_totals set hidden = false where user_id = ?", userId);
				resize(userId, before.get(), +1);
			}
			else {
				resize(userId, before.get(), -1);
				this.jdbc.update("update period_totals set hidden = true where user_id = ?", userId);
			}
			this.jdbc.update("update users set hidden = ?, version = nextval('user_versions'), "
					+ "changed_at = clock_timestamp() where user_id = ?", hidden, userId);
			this.jdbc.update("insert into outbox (user_id) values (?)", userId);
			return Optional.of(new Membership(before.get().region(), before.get().org(), hidden));
		});
	}

	private Optional<Membership> lock(String userId) {
		List<Membership> rows = this.jdbc.query("select region, org, hidden from users where user_id = ? for update",
				(rs, n) -> new Membership(rs.getString(1), rs.getString(2), rs.getBoolean(3)), userId);
		return rows.stream().findFirst();
	}

	private void resize(String userId, Membership membership, int delta) {
		List<String> scopes = new ArrayList<>();
		for (Scope scope : membership.scopes()) {
			scopes.add(BoardSql.sizeScope(scope));
		}
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement(SHRINK_BOARDS);
			ps.setShort(1, (short) ScoreWrites.shard(userId));
			ps.setInt(2, delta);
			ps.setArray(3, con.createArrayOf("text", scopes.toArray()));
			ps.setString(4, userId);
			return ps;
		});
	}

}
