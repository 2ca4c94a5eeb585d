package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

class OperationsIntegrationTests extends IntegrationTestBase {

	@Test
	void healthIsUpWithBothStores() {
		Response health = this.api.get("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).extractingPath("$.status").asString().isEqualTo("UP");
	}

	@Test
	void prometheusShowsTheServicesMetrics() {
		this.api.update("alice", 1);
		this.api.get("/api/redis-leaderboard/daily");

		Response metrics = this.api.get("/actuator/prometheus");

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.text()).contains("leaderboard_cache_hits_total", "leaderboard_cache_misses_total",
				"leaderboard_reads_fallback_total", "leaderboard_cache_drift");
	}

	@Test
	void onlyHealthInfoAndPrometheusAreExposed() {
		assertThat(this.api.get("/actuator/env").status()).isEqualTo(404);
		assertThat(this.api.get("/actuator/beans").status()).isEqualTo(404);
		assertThat(this.api.get("/actuator/heapdump").status()).isEqualTo(404);
	}

	@Test
	void theApiIsDescribedByOpenApiAndSwaggerUi() {
		Response docs = this.api.get("/v3/api-docs");
		Response ui = this.api.get("/swagger-ui.html");

		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body()).hasPath("$.paths['/api/redis-leaderboard/update']")
			.hasPath("$.paths['/api/redis-leaderboard/{period}']")
			.hasPath("$.paths['/api/redis-leaderboard/admin/sync']");
		assertThat(ui.status()).isIn(200, 302);
	}

	@Test
	void unknownPathsAre404Problems() {
		Response response = this.api.get("/api/redis-leaderboard/user/alice/rank/daily/extra");
		Response root = this.api.get("/nothing-here");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(root.status()).isEqualTo(404);
		assertThat(root.contentType()).startsWith("application/problem+json");
		assertThat(root.text()).doesNotContain("Exception", "at app.");
	}

	@Test
	void everyReadSaysWhereItCameFrom() {
		this.api.update("alice", 1);

		assertThat(this.api.get("/api/redis-leaderboard/daily").source()).isIn("redis", "postgres");
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").source()).isIn("redis", "postgres");
		assertThat(this.api.get("/api/redis-leaderboard/user/alice/rank/daily").source()).isIn("redis", "postgres");
	}

}
