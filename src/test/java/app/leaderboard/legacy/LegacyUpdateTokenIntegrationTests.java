package app.leaderboard.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The legacy update under the production settings: the same JWT rules (3.7) and the same
 * per-user rate limit as the new path, counted together.
 */
class LegacyUpdateTokenIntegrationTests extends SecuredIntegrationTestBase {

	private Response legacyUpdate(String userId, String... headers) {
		return this.api.post("/api/leaderboard/update", "{\"user_id\":\"" + userId + "\",\"count\":1}", headers);
	}

	@Test
	void theLegacyUpdateNeedsAValidTokenForItsUser() {
		assertThat(legacyUpdate("alice").status()).isEqualTo(401);
		assertThat(legacyUpdate("alice", "Authorization", "Bearer not-a-jwt").status()).isEqualTo(401);
		assertThat(legacyUpdate("bob", bearer("alice")).status()).isEqualTo(403);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();

		assertThat(legacyUpdate("alice", bearer("alice")).status()).isEqualTo(200);
		assertThat(legacyUpdate("bob", bearer("backend", "leaderboard:write-any")).status()).isEqualTo(200);
		// reads stay public
		assertThat(this.api.get("/api/leaderboard/daily").status()).isEqualTo(200);
	}

	@Test
	void theLegacyAndNewPathsShareOneRateLimit() {
		for (int i = 0; i < RATE_LIMIT - 1; i++) {
			assertThat(legacyUpdate("carol", bearer("carol")).status()).isEqualTo(200);
		}
		assertThat(this.api.update("carol", 1, bearer("carol")).status()).isEqualTo(200);

		Response limited = legacyUpdate("carol", bearer("carol"));

		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isPresent();
		assertThat(this.api.update("carol", 1, bearer("carol")).status()).isEqualTo(429);
		assertThat(legacyUpdate("dave", bearer("dave")).status()).isEqualTo(200);
	}

}
