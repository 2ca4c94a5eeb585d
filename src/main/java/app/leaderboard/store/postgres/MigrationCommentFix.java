package app.leaderboard.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.springframework.stereotype.Component;

/**
 * Lets databases migrated before V1_2's first comment was reworded pass Flyway's
 * validation: Flyway's checksum covers comments too, and the old comment pointed at a
 * document that is not in this repository. Before each validation, a history row of V1_2
 * that holds exactly the old file's checksum is given the new file's; any other
 * difference still fails validation as it should. Spring Boot hands every
 * {@link Callback} bean to the Flyway it configures.
 */
@Component
class MigrationCommentFix implements Callback {

	static final String VERSION = "1.2";

	/** The checksum of V1_2 as released, with the old first comment. */
	static final int RELEASED = 794710741;

	/** The checksum of V1_2 now: the same statements, the comment reworded. */
	static final int REWORDED = 427971837;

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.BEFORE_VALIDATE || event == Event.BEFORE_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		Configuration configuration = context.getConfiguration();
		String schema = (configuration.getDefaultSchema() != null) ? configuration.getDefaultSchema() : "public";
		try {
			Connection connection = context.getConnection();
			// to_regclass: null on a new database, which has no history yet
			String table = quoted(schema) + "." + quoted(configuration.getTable());
			try (PreparedStatement exists = connection.prepareStatement("select to_regclass(?) is not null")) {
				exists.setString(1, table);
				try (var rs = exists.executeQuery()) {
					if (!rs.next() || !rs.getBoolean(1)) {
						return;
					}
				}
			}
			try (PreparedStatement update = connection
				.prepareStatement("update " + table + " set checksum = ? where version = ? and checksum = ?")) {
				update.setInt(1, REWORDED);
				update.setString(2, VERSION);
				update.setInt(3, RELEASED);
				update.executeUpdate();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check V" + VERSION + "'s recorded checksum", ex);
		}
	}

	private static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	@Override
	public String getCallbackName() {
		return "V1_2 comment reworded";
	}

}
