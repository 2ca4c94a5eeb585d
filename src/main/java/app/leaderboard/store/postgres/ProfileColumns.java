package app.leaderboard.store.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

import app.leaderboard.core.Profile;
import app.leaderboard.core.Streak;

/**
 * A user's name and streak as every statement that reads them selects them, in this
 * order: {@link #COLUMNS}.
 */
final class ProfileColumns {

	/** The columns of users, prefixed with its alias {@code u}. */
	static final String COLUMNS = "u.display_name, u.streak_run, u.streak_longest, u.streak_last_day";

	private ProfileColumns() {
	}

	/** Reads the four columns starting at {@code first}. */
	static Profile read(ResultSet rs, int first) throws SQLException {
		return new Profile(rs.getString(first),
				new Streak(rs.getInt(first + 1), rs.getInt(first + 2), rs.getObject(first + 3, LocalDate.class)));
	}

}
