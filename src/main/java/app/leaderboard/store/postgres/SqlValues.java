package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between Java values and the columns of the statements in this package. */
final class SqlValues {

	private SqlValues() {
	}

	static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** For lambdas that cannot throw {@link SQLException}. */
	static @Nullable Instant instantOf(ResultSet rs, int column) {
		try {
			return instant(rs, column);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** For lambdas that cannot throw {@link SQLException}. */
	static long longOf(ResultSet rs, int column) {
		try {
			return rs.getLong(column);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
