package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.core.Membership;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BatchAnswers.UserState;
import app.leaderboard.store.postgres.ScopedUpdates.Addition;

/**
 * The user rows of a batch (call inside its transaction, before the totals): each user of
 * the batch updated or created in one statement, with the region and organisation the
 * user's updates last name, and the scopes of new and moved users remembered. Part of
 * {@link ScopedUpdates}.
 */
final class BatchUsers {

	/**
	 * New users, in user order, then the existing ones, locked in user order, with their
	 * scopes before the batch: one statement, the inserts first (an Append reads its
	 * first branch to the end before the second). A null region, organisation or name
	 * keeps the old one. The batch's first and last days (two only when it spans
	 * midnight) count for the user's streak, in that order. A user another transaction is
	 * creating is waited for by the insert; the update, which reads the statement's
	 * snapshot, does not see them, and they are left to the next round.
	 */
	private static final String UPSERT_USERS = """
			with b as (
			    select * from unnest(?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],
			        ?::date[], ?::date[]) b(user_id, created_at, updated_at, region, org, display_name, first_day, last_day)
			), created as (
			    insert into users as u (user_id, version, created_at, updated_at, region, org, display_name,
			        streak_run, streak_longest, streak_last_day)
			    select user_id, nextval('user_versions'), created_at, updated_at, region, org, display_name,
			        streak_after(1, first_day, last_day), streak_after(1, first_day, last_day), last_day
			    from b
			    order by user_id
			    on conflict (user_id) do nothing
			    returning u.user_id, u.version, u.region, u.org, u.hidden, null::text as old_region, null::text as old_org,
			        true as created, coalesce((select e.version from erasures e where e.digest = user_digest(u.user_id)), 0),
			        u.display_name, u.streak_run, u.streak_longest, u.streak_last_day
			), updated as (
			    update users u set version = nextval('user_versions'), updated_at = b.updated_at,
			        changed_at = clock_timestamp(), region = coalesce(b.region, old.region), org = coalesce(b.org, old.org),
			        display_name = coalesce(b.display_name, old.display_name),
			        streak_run = streak_after(streak_after(old.streak_run, old.streak_last_day, b.first_day),
			            greatest(old.streak_last_day, b.first_day), b.last_day),
			        streak_longest = greatest(old.streak_longest,
			            streak_after(old.streak_run, old.streak_last_day, b.first_day),
			            streak_after(streak_after(old.streak_run, old.streak_last_day, b.first_day),
			                greatest(old.streak_last_day, b.first_day), b.last_day)),
			        streak_last_day = greatest(old.streak_last_day, b.first_day, b.last_day)
			    from b,
			        (select user_id, region, org, display_name, streak_run, streak_longest, streak_last_day
			         from users where user_id = any(?::text[]) order by user_id for update) old
			    where u.user_id = b.user_id and old.user_id = b.user_id
			    returning u.user_id, u.version, u.region, u.org, u.hidden, old.region, old.org,
			        false, 0::bigint, u.display_name, u.streak_run, u.streak_longest, u.streak_last_day
			)
			select * from created
			union all
			select * from updated
			""";

	/**
	 * In one order, so that two batches registering the same new scopes cannot deadlock.
	 */
	private static final String REGISTER_SCOPES = """
			insert into scopes (kind, name)
			select kind, name from unnest(?::text[], ?::text[]) s(kind, name) order by kind, name
			on conflict do nothing
			""";

	private final JdbcTemplate jdbc;

	BatchUsers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the batch's new users, then updates the others, in one statement per round.
	 * New users first: each part takes its users in id order, and every user the second
	 * one locks exists already, so a batch never waits for a user of a lower id than one
	 * it holds, and two batches (of any instances) cannot deadlock on users. A user
	 * created by another transaction meanwhile, or erased meanwhile, is taken on the next
	 * round.
	 */
	Map<String, UserState> upsert(Map<String, List<Addition>> byUser) {
		Map<String, UserState> users = new HashMap<>();
		List<String> missing = new ArrayList<>(new TreeSet<>(byUser.keySet()));
		while (!missing.isEmpty()) {
			users.putAll(upsert(missing, byUser));
			missing.removeAll(users.keySet());
		}
		return users;
	}

	private Map<String, UserState> upsert(List<String> userIds, Map<String, List<Addition>> byUser) {
		Map<String, UserState> written = new HashMap<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(UPSERT_USERS);
			ps.setArray(1, ScopedUpdates.texts(con, userIds));
			ps.setArray(2, perUser(con, userIds, byUser, (own) -> own.get(0).now().toString()));
			ps.setArray(3, perUser(con, userIds, byUser, (own) -> BatchAnswers.last(own).now().toString()));
			ps.setArray(4, perUser(con, userIds, byUser, (own) -> BatchAnswers.named(own, Addition::region)));
			ps.setArray(5, perUser(con, userIds, byUser, (own) -> BatchAnswers.named(own, Addition::org)));
			ps.setArray(6, perUser(con, userIds, byUser, (own) -> BatchAnswers.named(own, Addition::displayName)));
			ps.setArray(7, days(con, userIds, byUser, true));
			ps.setArray(8, days(con, userIds, byUser, false));
			ps.setArray(9, ScopedUpdates.texts(con, userIds));
			return ps;
		}, (ResultSet rs) -> {
			boolean hidden = rs.getBoolean(5);
			Membership now = new Membership(rs.getString(3), rs.getString(4), hidden);
			if (rs.getBoolean(8)) {
				// an id erased before: its first write replaces what Redis may still
				// hold of the erased user (docs/consistency.md, "Erasure")
				written.put(rs.getString(1), new UserState(rs.getLong(2), now, Membership.NONE, true, rs.getLong(9),
						ProfileColumns.read(rs, 10)));
			}
			else {
				written.put(rs.getString(1),
						new UserState(rs.getLong(2), now, new Membership(rs.getString(6), rs.getString(7), hidden),
								false, 0, ProfileColumns.read(rs, 10)));
			}
		});
		return written;
	}

	/**
	 * Remembers the scopes of the batch's new and moved users in the list of scopes
	 * (sync, warm-up, drift, reset).
	 */
	void registerScopes(Collection<UserState> users) {
		Set<Scope> scopes = new TreeSet<>(Comparator.comparing((Scope s) -> s.kind().id()).thenComparing(Scope::name));
		for (UserState user : users) {
			if (user.created() || user.moved()) {
				user.now().scopes().stream().filter((s) -> !s.global()).forEach(scopes::add);
			}
		}
		if (scopes.isEmpty()) {
			return;
		}
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement(REGISTER_SCOPES);
			ps.setArray(1, ScopedUpdates.texts(con, scopes.stream().map((s) -> s.kind().id()).toList()));
			ps.setArray(2, ScopedUpdates.texts(con, scopes.stream().map(Scope::name).toList()));
			return ps;
		});
	}

	/**
	 * The first (or last) day the user's updates of the batch count for: a batch that
	 * spans midnight counts both, in order.
	 */
	private static java.sql.Array days(Connection con, List<String> userIds, Map<String, List<Addition>> byUser,
			boolean first) throws SQLException {
		return con.createArrayOf("date", userIds.stream().map((id) -> {
			List<Addition> own = byUser.get(id);
			return java.sql.Date.valueOf(first ? own.get(0).day() : BatchAnswers.last(own).day());
		}).toArray());
	}

	/** A text column with one value per user, worked out from the user's updates. */
	private static java.sql.Array perUser(Connection con, List<String> userIds, Map<String, List<Addition>> byUser,
			Function<List<Addition>, @Nullable String> value) throws SQLException {
		return ScopedUpdates.texts(con, userIds.stream().map((id) -> value.apply(byUser.get(id))).toList());
	}

}
