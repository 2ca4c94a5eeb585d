package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Erasure;
import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;

/**
 * Erasing and hiding users (docs/api.md), each one transaction with an outbox row, so
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

	private final LeagueResults leagues;

	private final LeagueChanges leagueChanges;

	private final Periods periods;

	private final Period seasons;

	public UserAdministration(JdbcTemplate jdbc, TransactionTemplate transactions, LeagueProperties league,
			Periods periods) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.leagues = new LeagueResults(jdbc, league);
		this.leagueChanges = new LeagueChanges(jdbc, league);
		this.periods = periods;
		this.seasons = Period.fromId(league.period()).orElseThrow();
	}

	/**
	 * Fixes the results of the user's ended league groups before a change of the user
	 * could change them: results are those of the standings at a season's end.
	 */
	private void fixLeagueResults(String userId) {
		this.leagues.closeEndedOf(userId, this.periods.current(this.seasons).startDate());
	}

	/** The first league season Redis serves: the previous one. */
	private java.time.LocalDate servedSeasonsFrom() {
		return this.periods.previous(this.periods.current(this.seasons)).startDate();
	}

	/**
	 * Deletes the user and everything about them: totals of every period, board sizes,
	 * idempotency keys, the scopes they left, their outbox rows; keeps a tombstone (a
	 * digest of the id and the erasure's version, from the sequence of user versions) and
	 * writes outbox rows that tell the relay to erase them from Redis: the only trace of
	 * the id left, gone once the relay ran. The erasure names every scope the user was
	 * in, so that Redis is cleared by the user's own boards rather than by a scan.
	 * @return the user's membership before and what Redis must erase, or empty when the
	 * user is unknown
	 */
	public Optional<Erased> erase(String userId) {
		return this.transactions.execute((status) -> {
			Optional<Membership> before = lock(userId);
			if (before.isEmpty()) {
				return Optional.<Erased>empty();
			}
			fixLeagueResults(userId);
			if (!before.get().hidden()) {
				resize(userId, before.get(), -1);
			}
			// memberships and with them the tier: an id recorded anew starts in the
			// lowest
			this.leagueChanges.leave(userId, servedSeasonsFrom());
			long version = this.jdbc.queryForObject("select nextval('user_versions')", Long.class);
			Set<Scope> scopes = new LinkedHashSet<>(before.get().scopes());
			this.jdbc
				.queryForList("delete from scope_departures where user_id = ? returning scope", String.class, userId)
				.forEach((scope) -> scope(scope).ifPresent(scopes::add));
			this.jdbc.update("delete from period_totals where user_id = ?", userId);
			this.jdbc.update("delete from idempotency_keys where user_id = ?", userId);
			// an older erasure of the same id still waiting keeps its rows; a batch's row
			// (a scan: the outbox holds what Redis has not taken yet) loses the id
			this.jdbc.update("delete from outbox where user_id = ? and not erased", userId);
			this.jdbc.update("delete from outbox where user_ids = array[?::text]", userId);
			this.jdbc.update(
					"update outbox set user_ids = array_remove(user_ids, ?::text) where ?::text = any(user_ids)",
					userId, userId);
			this.jdbc.update("delete from users where user_id = ?", userId);
			this.jdbc.update("""
					insert into erasures (digest, version) values (user_digest(?), ?)
					on conflict (digest) do update set version = excluded.version, erased_at = clock_timestamp()
					""", userId, version);
			for (Scope scope : scopes) {
				this.jdbc.update(
						"insert into outbox (user_id, left_region, left_org, erased, version) values (?, ?, ?, true, ?)",
						userId, (scope.kind() == Scope.Kind.REGION) ? scope.name() : null,
						(scope.kind() == Scope.Kind.ORG) ? scope.name() : null, version);
			}
			return Optional.of(new Erased(before.get(), new Erasure(userId, version, List.copyOf(scopes))));
		});
	}

	/** An erasure: the user's membership before, and what Redis must erase. */
	public record Erased(Membership before, Erasure erasure) {
	}

	/**
	 * The last erasure of an id that is unknown now, for a retry to repeat in Redis: its
	 * version from the tombstone, and the scopes its outbox rows still name (the global
	 * one only once they were relayed). Empty when the id was never erased.
	 */
	public Optional<Erasure> lastErasure(String userId) {
		List<Long> versions = this.jdbc.queryForList("select version from erasures where digest = user_digest(?) "
				+ "and not exists (select 1 from users where user_id = ?)", Long.class, userId, userId);
		if (versions.isEmpty()) {
			return Optional.empty();
		}
		Set<Scope> scopes = new LinkedHashSet<>(List.of(Scope.GLOBAL));
		this.jdbc.query("select left_region, left_org from outbox where user_id = ? and erased", (rs) -> {
			Scope.ofRegion(rs.getString(1)).ifPresent(scopes::add);
			Scope.ofOrg(rs.getString(2)).ifPresent(scopes::add);
		}, userId);
		return Optional.of(new Erasure(userId, versions.get(0), List.copyOf(scopes)));
	}

	/** A scope as scope_departures names it ('region:eu', 'org:acme'). */
	private static Optional<Scope> scope(String name) {
		int colon = name.indexOf(':');
		String kind = name.substring(0, Math.max(0, colon));
		String value = name.substring(colon + 1);
		return switch (kind) {
			case "region" -> Optional.of(Scope.region(value));
			case "org" -> Optional.of(Scope.org(value));
			default -> Optional.empty();
		};
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
			fixLeagueResults(userId);
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
			// last: the league check drops the listings of the user's groups
			this.leagueChanges.touch(userId, servedSeasonsFrom());
			return Optional.of(new Membership(before.get().region(), before.get().org(), hidden));
		});
	}

	/**
	 * Sets (or with null clears) the user's name, with an outbox row so that Redis
	 * follows even when it is down at the time.
	 * @return false when the user is unknown
	 */
	public boolean setName(String userId, @Nullable String displayName) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			int updated = this.jdbc.update("update users set display_name = ?, version = nextval('user_versions'), "
					+ "changed_at = clock_timestamp() where user_id = ?", displayName, userId);
			if (updated == 0) {
				return false;
			}
			this.jdbc.update("insert into outbox (user_id) values (?)", userId);
			return true;
		}));
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
