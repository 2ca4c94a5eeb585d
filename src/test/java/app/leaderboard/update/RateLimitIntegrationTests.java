package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/** The per-user update limit, through HTTP ({@link #RATE_LIMIT} per minute here). */
class RateLimitIntegrationTests extends SecuredIntegrationTestBase {

	@Test
	void pastTheLimitAnUpdateIs429WithRetryAfterAndOtherUsersGoOn() {
		for (int i = 0; i < RATE_LIMIT; i++) {
			assertThat(this.api.update("alice", 1, bearer("alice")).status()).isEqualTo(200);
		}
		Response refused = this.api.update("alice", 1, bearer("alice"));
		Response bob = this.api.update("bob", 1, bearer("bob"));

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.body()).extractingPath("$.status").isEqualTo(429);
		long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(bob.status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo")
			.isEqualTo(RATE_LIMIT);
		assertThat(this.api.get("/actuator/prometheus").text())
			.containsPattern("leaderboard_ratelimit_rejections_total\\{limiter=\"redis\"\\} [1-9]");
	}

	@Test
	void theLimitIsKeptInRedisUnderTheServicePrefix() {
		this.api.update("alice", 1, bearer("alice"));
		String key = this.keys.rateLimit("alice");

		assertThat(key).startsWith("lbtest:");
		assertThat(this.locks.locked(key)).isTrue();
		this.redis.deleteOwnKeys();
		assertThat(this.locks.locked(key)).isFalse();
		for (int i = 0; i < RATE_LIMIT; i++) {
			assertThat(this.api.update("alice", 1, bearer("alice")).status()).isEqualTo(200);
		}
	}

	@Test
	void refusedTokensAndOtherUsersTokensDoNotUseUpALimit() {
		for (int i = 0; i < RATE_LIMIT + 2; i++) {
			assertThat(this.api.update("alice", 1, bearer("mallory")).status()).isEqualTo(403);
			assertThat(this.api.update("alice", 1, "Authorization", "Bearer forged").status()).isEqualTo(401);
		}

		assertThat(this.api.update("alice", 1, bearer("alice")).status()).isEqualTo(200);
	}

}
