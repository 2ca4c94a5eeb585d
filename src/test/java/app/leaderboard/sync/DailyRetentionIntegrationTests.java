package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import app.leaderboard.config.RetentionProperties;
import app.leaderboard.store.postgres.DailyTotalsPurge;
import app.leaderboard.support.IntegrationTestBase;

/**
 * Daily totals past LEADERBOARD_DAILY_RETENTION_DAYS (400 here, the default) are deleted
 * in batches; weekly, monthly and yearly ones are kept; one instance deletes at a time.
 */
class DailyRetentionIntegrationTests extends IntegrationTestBase {

	@Autowired
	DailyRetention retention;

	@Autowired
	DataSource dataSource;

	/** Today is 2026-11-25: 400 days before is 2025-10-21, the oldest day kept. */
	private void seedAround(String... days) {
		for (String day : days) {
			this.clock.set(day + "T12:00:00Z");
			for (int i = 0; i < 3; i++) {
				this.api.update("u" + i, 1);
			}
		}
		this.clock.set("2026-11-25T10:15:00Z");
	}

	private List<String> dailyDays() {
		return this.jdbc.queryForList(
				"select distinct period_start::text from period_totals where period = 'daily' order by 1",
				String.class);
	}

	@Test
	void dailyTotalsOlderThanRetentionGoAndEverythingElseStays() {
		seedAround("2025-10-19", "2025-10-20", "2025-10-21", "2026-11-24");
		long weeklyBefore = this.jdbc.queryForObject("select count(*) from period_totals where period <> 'daily'",
				Long.class);

		long deleted = this.retention.purge();

		assertThat(deleted).isEqualTo(6);
		assertThat(dailyDays()).containsExactly("2025-10-21", "2026-11-24");
		assertThat(this.jdbc.queryForObject("select count(*) from period_totals where period <> 'daily'", Long.class))
			.isEqualTo(weeklyBefore);
		assertThat(this.jdbc.queryForList(
				"select distinct period_start::text from board_sizes where period = 'daily' order by 1", String.class))
			.containsExactly("2025-10-21", "2026-11-24");
		assertThat(this.retention.purge()).isZero();
	}

	@Test
	void manyRowsGoInSeveralSmallBatches() {
		this.jdbc.execute("insert into users (user_id, version, created_at, updated_at) "
				+ "select 'bulk' || n, 1, now(), now() from generate_series(1, 2500) n");
		this.jdbc.execute("insert into period_totals (period, period_start, user_id, total, reached_at) "
				+ "select 'daily', date '2025-01-01', user_id, 1, now() from users");

		assertThat(this.retention.purge()).isEqualTo(2500);
		assertThat(dailyDays()).isEmpty();
	}

	@Test
	void anotherInstanceDeletingMeansThisOneWaitsItsTurn() throws Exception {
		seedAround("2025-10-20");
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (Statement statement = other.createStatement()) {
				// what another instance's batch holds while it runs
				statement.execute("select pg_advisory_xact_lock(" + DailyTotalsPurge.LOCK + ")");
				assertThat(this.retention.purge()).isZero();
				assertThat(dailyDays()).contains("2025-10-20");
			}
			other.rollback();
		}

		assertThat(this.retention.purge()).isEqualTo(3);
	}

	@Test
	void theRetentionSettingCountsDaysBeforeToday() {
		var twoDays = new RetentionProperties(2, Duration.ofMinutes(10));

		assertThat(twoDays.firstKeptDay(LocalDate.parse("2026-11-25"))).hasValue(LocalDate.parse("2026-11-23"));
		assertThat(new RetentionProperties(0, Duration.ofMinutes(10)).firstKeptDay(LocalDate.parse("2026-11-25")))
			.isEmpty();
	}

}
