package app.leaderboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code DATABASE_READ_URL} takes {@code DATABASE_URL}'s forms and, without credentials
 * of its own, the primary's; a bad value, or a replica without a configured primary,
 * stops the start with one line naming the variable, as do the replica's settings.
 */
class ReplicaSettingsTests {

	private static final String PRIMARY = "postgresql://app:s%40cret@db.example:5432/scores";

	@Test
	void theReadUrlTakesBothFormsAndThePrimarysCredentials() {
		LeaderboardProperties.Database database = SettingsBinder
			.bind(Map.of("DATABASE_URL", PRIMARY, "DATABASE_READ_URL", "postgresql://replica.example/scores"))
			.database();
		DatabaseSettings replica = database.readSettings();
		assertThat(replica).isNotNull();
		assertThat(replica.jdbcUrl()).isEqualTo("jdbc:postgresql://replica.example/scores");
		assertThat(replica.user()).isEqualTo("app");
		assertThat(replica.password()).isEqualTo("s@cret");
		assertThat(database.toString()).contains("replica").doesNotContain("s@cret");

		DatabaseSettings own = SettingsBinder.bind(Map.of("DATABASE_URL", PRIMARY, "DATABASE_READ_URL",
				"jdbc:postgresql://replica.example:5433/scores", "DATABASE_USER", "ignored"))
			.database()
			.readSettings();
		assertThat(own.jdbcUrl()).isEqualTo("jdbc:postgresql://replica.example:5433/scores");
		assertThat(own.user()).isEqualTo("app");
		DatabaseSettings withUser = SettingsBinder
			.bind(Map.of("DATABASE_URL", PRIMARY, "DATABASE_READ_URL", "postgresql://reader:pw@replica.example/scores"))
			.database()
			.readSettings();
		assertThat(withUser.user()).isEqualTo("reader");
		assertThat(withUser.password()).isEqualTo("pw");
	}

	@Test
	void unsetOrBlankMeansNoReplica() {
		assertThat(SettingsBinder.bind(Map.of("DATABASE_URL", PRIMARY)).database().readSettings()).isNull();
		assertThat(SettingsBinder.bind(Map.of("DATABASE_URL", PRIMARY, "DATABASE_READ_URL", " "))
			.database()
			.readSettings()).isNull();
	}

	@Test
	void aBadReadUrlStopsTheStartNamingIt() {
		assertThat(StartupCheck.problem(Map.of("DATABASE_URL", PRIMARY, "DATABASE_READ_URL", "mysql://replica/x")))
			.isEqualTo("Invalid configuration: DATABASE_READ_URL: unsupported scheme; "
					+ "expected postgresql://user:pass@host:port/db or jdbc:postgresql://host:port/db");
		assertThat(StartupCheck.problem(Map.of("DATABASE_URL", PRIMARY, "DATABASE_READ_URL", "postgresql://:5432/x")))
			.startsWith("Invalid configuration: DATABASE_READ_URL: no host");
		assertThat(StartupCheck.problem(Map.of("DATABASE_READ_URL", "postgresql://replica/x")))
			.isEqualTo("Invalid configuration: DATABASE_READ_URL: needs DATABASE_URL: "
					+ "the embedded PostgreSQL has no replica");
	}

	@Test
	void theReplicaSettingsHaveDefaultsAndBounds() {
		ReplicaProperties defaults = SettingsBinder.bind(Map.of(), ReplicaProperties.class);
		assertThat(defaults.replicaMaxLag()).isEqualTo(Duration.ofSeconds(5));
		assertThat(defaults.replicaReadWait()).isEqualTo(Duration.ofMillis(100));
		assertThat(defaults.replicaCheckInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(SettingsBinder.bind(Map.of("LEADERBOARD_REPLICA_MAX_LAG", "30s"), ReplicaProperties.class)
			.replicaMaxLag()).isEqualTo(Duration.ofSeconds(30));
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_REPLICA_MAX_LAG", "10ms")))
			.isEqualTo("Invalid configuration: LEADERBOARD_REPLICA_MAX_LAG: must be a duration from 100ms to 1h");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_REPLICA_READ_WAIT", "5s")))
			.isEqualTo("Invalid configuration: LEADERBOARD_REPLICA_READ_WAIT: must be a duration from 0ms to 2s");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_REPLICA_CHECK_INTERVAL", "soon")))
			.startsWith("Invalid configuration: LEADERBOARD_REPLICA_CHECK_INTERVAL");
	}

}
