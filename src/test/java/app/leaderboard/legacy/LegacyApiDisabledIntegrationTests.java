package app.leaderboard.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.SelfRepairContext;
import app.leaderboard.support.TestApi.Response;

/**
 * Migration phase 3 ({@code LEADERBOARD_LEGACY_API=false}): the old paths are gone (404
 * problem+json), the new API is unchanged. Shares {@link SelfRepairContext}'s context.
 */
@SelfRepairContext
class LegacyApiDisabledIntegrationTests extends IntegrationTestBase {

	@Test
	void theLegacyPathsAnswer404() {
		for (Response response : new Response[] { this.api.get("/api/leaderboard/daily"),
				this.api.get("/api/leaderboard/daily?limit=5&offset=0"),
				this.api.post("/api/leaderboard/update", "{\"user_id\":\"alice\",\"count\":1}") }) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body()).extractingPath("$.status").isEqualTo(404);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
		assertThat(this.api.update("alice", 1).status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(1);
		assertThat(this.api.get("/v3/api-docs").body()).hasPath("$.paths")
			.doesNotHavePath("$.paths['/api/leaderboard/{period}']");
	}

}
