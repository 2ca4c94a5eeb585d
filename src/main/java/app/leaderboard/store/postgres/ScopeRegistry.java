package app.leaderboard.store.postgres;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import app.leaderboard.core.Scope;

/**
 * Every region and organisation ever used (the {@code scopes} table, filled by the update
 * that first names one): what full syncs, the warm-up, drift checks and resets walk
 * through besides the global boards.
 */
@Repository
public class ScopeRegistry {

	private final JdbcTemplate jdbc;

	public ScopeRegistry(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public List<Scope> scopes() {
		return this.jdbc.query("select kind, name from scopes order by kind desc, name", (rs,
				n) -> "region".equals(rs.getString(1)) ? Scope.region(rs.getString(2)) : Scope.org(rs.getString(2)));
	}

	/** Users currently hidden (admin status); an index range, not a table scan. */
	public long hiddenUsers() {
		return this.jdbc.queryForObject("select count(*) from users where hidden", Long.class);
	}

}
