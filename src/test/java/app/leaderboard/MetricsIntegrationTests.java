package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.sync.OutboxMetrics;

/** Every metric docs/operations.md documents is in {@code /actuator/prometheus}. */
class MetricsIntegrationTests extends IntegrationTestBase {

	@Autowired
	OutboxMetrics outbox;

	@Test
	void theDocumentedMetricsAreScraped() {
		this.api.update("alice", 2);
		this.api.get("/api/redis-leaderboard/daily");
		this.api.get("/api/redis-leaderboard/user/alice");
		assertThat(this.api.post("/api/redis-leaderboard/admin/sync", null, admin()).status()).isEqualTo(200);

		String scrape = this.api.get("/actuator/prometheus").text();

		assertThat(scrape)
			.contains("http_server_requests_seconds_bucket{", "uri=\"/api/redis-leaderboard/{period}\"",
					"uri=\"/api/redis-leaderboard/update\"")
			.contains("leaderboard_cache_hits_total", "leaderboard_cache_misses_total",
					"leaderboard_reads_fallback_total", "leaderboard_cache_drift")
			.contains("leaderboard_outbox_backlog_rows", "leaderboard_outbox_oldest_age_seconds")
			.contains("leaderboard_ratelimit_rejections_total{limiter=\"redis\"}",
					"leaderboard_ratelimit_rejections_total{limiter=\"local\"}", "leaderboard_ratelimit_local_total")
			.contains("leaderboard_cache_rebuild_seconds_count{target=\"board\"}",
					"leaderboard_cache_rebuild_seconds_count{target=\"users\"}")
			.containsPattern("leaderboard_cache_sync_seconds_count [1-9]")
			.containsPattern("leaderboard_redis_up 1.0")
			.containsPattern("leaderboard_postgres_up 1.0")
			// no DATABASE_READ_URL here: the replica's gauges say so
			.containsPattern("leaderboard_replica_configured 0.0")
			.containsPattern("leaderboard_replica_in_use 0.0")
			.containsPattern("leaderboard_replica_lag_seconds NaN");
	}

	@Test
	void theOutboxGaugesShowTheLastScheduledMeasurement() {
		this.jdbc.update("insert into outbox (user_id) values ('pending')");

		this.outbox.refresh();

		assertThat(this.outbox.last().rows()).isPositive();
		assertThat(this.api.get("/actuator/prometheus").text())
			.containsPattern("leaderboard_outbox_backlog_rows " + this.outbox.last().rows());
	}

}
