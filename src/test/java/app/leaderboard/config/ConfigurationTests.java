package app.leaderboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;

class ConfigurationTests {

	@Test
	void bothDatabaseUrlFormsWork() {
		DatabaseSettings url = DatabaseSettings
			.parse("postgresql://app:s%40cret@db.example:5433/scores?sslmode=require", null, null);
		DatabaseSettings jdbc = DatabaseSettings.parse("jdbc:postgresql://db.example:5433/scores", "app", "pw");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/scores?sslmode=require");
		assertThat(url.user()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("s@cret");
		assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/scores");
		assertThat(jdbc.user()).isEqualTo("app");
		assertThat(DatabaseSettings.parse(null, null, null).embedded()).isTrue();
		assertThat(DatabaseSettings.parse(null, null, null).user()).isEqualTo("postgres");
	}

	@Test
	void databaseSettingsNeverPrintThePassword() {
		DatabaseSettings settings = DatabaseSettings.parse("postgresql://app:topsecret@db:5432/x", null, null);

		assertThat(settings.toString()).doesNotContain("topsecret");
		assertThat(settings.describe()).doesNotContain("topsecret");
		assertThat(DatabaseSettings.parse("jdbc:postgresql://db/x?password=topsecret", null, null).describe())
			.doesNotContain("topsecret");
	}

	@Test
	void redisUrlCarriesPasswordDatabaseAndTls() {
		RedisSettings settings = RedisSettings.parse("rediss://:pa%3Ass@cache.example:6380/3", null, null, null, null);

		assertThat(settings.host()).isEqualTo("cache.example");
		assertThat(settings.port()).isEqualTo(6380);
		assertThat(settings.password()).isEqualTo("pa:ss");
		assertThat(settings.database()).isEqualTo(3);
		assertThat(settings.tls()).isTrue();
		assertThat(settings.toString()).doesNotContain("pa:ss");
	}

	@Test
	void redisHostAndPortVariablesWorkAndNothingMeansEmbedded() {
		RedisSettings settings = RedisSettings.parse(null, "cache", "6390", "pw", "2");

		assertThat(settings.embedded()).isFalse();
		assertThat(settings.port()).isEqualTo(6390);
		assertThat(settings.database()).isEqualTo(2);
		assertThat(RedisSettings.parse(null, null, null, "pw", null).embedded()).isTrue();
	}

	@Test
	void badValuesNameTheirVariableInOneLine() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_TIME_ZONE", "Mars/Olympus")))
			.isEqualTo("Invalid configuration: LEADERBOARD_TIME_ZONE: 'Mars/Olympus' is not a known time zone");
		assertThat(StartupCheck.problem(Map.of("SERVER_PORT", "-1"))).contains("SERVER_PORT");
		assertThat(StartupCheck.problem(Map.of("SERVER_PORT", "http"))).contains("SERVER_PORT");
		assertThat(StartupCheck.problem(Map.of("DATABASE_URL", "mysql://x/y"))).contains("DATABASE_URL");
		assertThat(StartupCheck.problem(Map.of("DATABASE_URL", "postgresql://u:p@:99999/db"))).contains("DATABASE_URL");
		assertThat(StartupCheck.problem(Map.of("REDIS_URL", "redis://host:port"))).contains("REDIS_URL");
		assertThat(StartupCheck.problem(Map.of("REDIS_PORT", "-5"))).contains("REDIS_PORT");
		assertThat(StartupCheck.problem(Map.of("REDIS_DB", "x"))).contains("REDIS_DB");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_REDIS_FALLBACK", "maybe")))
			.contains("LEADERBOARD_REDIS_FALLBACK");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_MAX_COUNT", "0"))).contains("LEADERBOARD_MAX_COUNT");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_RATE_LIMIT_PER_MINUTE", "-1")))
			.contains("LEADERBOARD_RATE_LIMIT_PER_MINUTE");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DAILY_RETENTION_DAYS", "-1")))
			.contains("LEADERBOARD_DAILY_RETENTION_DAYS");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DAILY_RETENTION_DAYS", "a year")))
			.contains("LEADERBOARD_DAILY_RETENTION_DAYS");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DAILY_RETENTION_DAYS", "0"))).isNull();
		assertThat(StartupCheck.problem(Map.of("DATABASE_URL", "postgresql://u:hunter2@:99999/db")))
			.doesNotContain("hunter2");
		assertThat(StartupCheck.problem(Map.of())).isNull();
	}

	/**
	 * Each settings record is found and checked, including those outside this package.
	 */
	@Test
	void everySettingsRecordIsCheckedWithoutBeingListed() {
		assertThat(StartupCheck.settingsRecords()).extracting(Class::getSimpleName)
			.contains("LeaderboardProperties", "MigrationProperties", "RetentionProperties", "GroupCommitProperties",
					"FallbackProperties", "EventsProperties", "NearCacheProperties");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_NEAR_CACHE_MEGABYTES", "0")))
			.contains("LEADERBOARD_NEAR_CACHE_MEGABYTES");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_NEAR_CACHE", "maybe"))).contains("LEADERBOARD_NEAR_CACHE");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_NEAR_CACHE", "false"))).isNull();
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_EVENTS_MAX_STREAMS", "-1")))
			.contains("LEADERBOARD_EVENTS_MAX_STREAMS");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_EVENTS_HEARTBEAT", "often")))
			.contains("LEADERBOARD_EVENTS_HEARTBEAT");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_KEY_COUNT_INTERVAL", "often")))
			.contains("LEADERBOARD_KEY_COUNT_INTERVAL");
	}

	@Test
	void migrationAndSelfRepairSettingsAreTyped() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_LEGACY_API", "maybe"))).contains("LEADERBOARD_LEGACY_API",
				"must be true or false");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DRIFT_INTERVAL", "soon")))
			.contains("LEADERBOARD_DRIFT_INTERVAL");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DRIFT_INTERVAL", "10ms")))
			.contains("LEADERBOARD_DRIFT_INTERVAL", "between 100ms and 1d");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_SYNC_CRON", "every night")))
			.contains("LEADERBOARD_SYNC_CRON", "cron");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_SYNC_CRON", "0 0 3 * * *", "LEADERBOARD_LEGACY_API",
				"false", "LEADERBOARD_DRIFT_INTERVAL", "2m")))
			.isNull();
		MigrationProperties settings = SettingsBinder.bind(Map.of("LEADERBOARD_LEGACY_API", "false",
				"LEADERBOARD_DRIFT_INTERVAL", "2m", "LEADERBOARD_SYNC_CRON", " 0 0 3 * * * "),
				MigrationProperties.class);
		assertThat(settings.legacyApi()).isFalse();
		assertThat(settings.driftInterval()).hasMinutes(2);
		assertThat(settings.cron()).isPresent();
		assertThat(SettingsBinder.bind(Map.of(), MigrationProperties.class).cron()).isEmpty();
	}

	@Test
	void clusterAndSentinelSettingsAreCheckedLikeAnyOther() {
		assertThat(StartupCheck.problem(Map.of("REDIS_CLUSTER_NODES", "127.0.0.1:7000", "REDIS_DB", "3")))
			.isEqualTo("Invalid configuration: REDIS_DB: must be 0 with REDIS_CLUSTER_NODES: "
					+ "a Redis Cluster has only database 0");
		assertThat(
				StartupCheck.problem(Map.of("REDIS_CLUSTER_NODES", "127.0.0.1:7000,127.0.0.1:7001", "REDIS_DB", "0")))
			.isNull();
		assertThat(StartupCheck.problem(Map.of("REDIS_CLUSTER_NODES", "nohost"))).contains("REDIS_CLUSTER_NODES");
		assertThat(StartupCheck.problem(Map.of("REDIS_CLUSTER_NODES", "h:1", "REDIS_URL", "redis://h:2")))
			.contains("REDIS_CLUSTER_NODES");
		assertThat(StartupCheck.problem(Map.of("REDIS_SENTINEL_MASTER", "m"))).contains("REDIS_SENTINEL_NODES");
		assertThat(StartupCheck.problem(Map.of("REDIS_SENTINEL_NODES", "h:26379"))).contains("REDIS_SENTINEL_MASTER");
		assertThat(StartupCheck.problem(Map.of("REDIS_SENTINEL_MASTER", "m", "REDIS_SENTINEL_NODES", "h:0")))
			.contains("REDIS_SENTINEL_NODES");
		assertThat(StartupCheck
			.problem(Map.of("REDIS_SENTINEL_MASTER", "m", "REDIS_SENTINEL_NODES", "a:26379,b:26379", "REDIS_DB", "2")))
			.isNull();
		RedisSettings cluster = RedisSettings.parse(null, null, null, "secret", null, " a:1 , b:2 ", null, null);
		assertThat(cluster.deployment()).isEqualTo(RedisSettings.Deployment.CLUSTER);
		assertThat(cluster.clusterNodes()).containsExactly("a:1", "b:2");
		assertThat(cluster.embedded()).isFalse();
		assertThat(cluster.describe()).doesNotContain("secret");
	}

	@Test
	void propertiesRejectAnUnknownZone() {
		assertThatThrownBy(() -> StartupCheckFixtures.properties("Nowhere/Land"))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("LEADERBOARD_TIME_ZONE");
	}

	@Test
	void aFixedOffsetIsATimeZoneAndPeriodsBeginAtItsMidnight() {
		for (String offset : List.of("+05:30", "-03:00", "+18:00", "-18:00")) {
			assertThat(StartupCheckFixtures.properties(offset).timeZone()).isEqualTo(ZoneOffset.of(offset));
		}
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_TIME_ZONE", "+18:30")))
			.isEqualTo("Invalid configuration: LEADERBOARD_TIME_ZONE: '+18:30' is not a known time zone");
		ZoneId kolkata = StartupCheckFixtures.properties("+05:30").timeZone();
		// 19:00 UTC on the 25th is 00:30 on the 26th at +05:30
		assertThat(
				new Periods(Clock.fixed(Instant.parse("2026-11-25T19:00:00Z"), kolkata), kolkata).current(Period.DAILY)
					.startDate())
			.isEqualTo(LocalDate.parse("2026-11-26"));
	}

	static final class StartupCheckFixtures {

		static LeaderboardProperties properties(String zone) {
			return SettingsBinder.bind(Map.of("LEADERBOARD_TIME_ZONE", zone));
		}

	}

}
