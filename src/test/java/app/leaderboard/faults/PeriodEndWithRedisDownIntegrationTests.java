package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.WebhookReceiver;

/**
 * Exports and the webhook need only PostgreSQL: with Redis killed an export is the same,
 * byte for byte, as with Redis up, and a period's end is still announced.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbperiodend:", "leaderboard.webhook.interval=200ms",
		"leaderboard.webhook.secret=" + PeriodEndWithRedisDownIntegrationTests.SECRET })
class PeriodEndWithRedisDownIntegrationTests extends RedisProcessTestBase {

	static final String SECRET = "redis-down-secret-0123456789-abcdefg";

	static final WebhookReceiver receiver = WebhookReceiver.start("/hook");

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.webhook.url", receiver::url);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void exportsAndPeriodEndsGoOnWithRedisDown() {
		this.api.update("alice", 2);
		this.api.update("bob", 7);
		this.api.update("carol", 2);
		Response up = this.api.get("/api/redis-leaderboard/admin/export/daily", admin());
		Response upNdjson = this.api.get("/api/redis-leaderboard/admin/export/daily?format=ndjson", admin());
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.text()).isEqualTo("rank,user_id,display_name,score\r\n1,bob,,7\r\n2,alice,,2\r\n2,carol,,2\r\n");

		redisServer.kill();
		try {
			Response down = this.api.get("/api/redis-leaderboard/admin/export/daily", admin());
			Response downNdjson = this.api.get("/api/redis-leaderboard/admin/export/daily?format=ndjson", admin());
			assertThat(down.status()).isEqualTo(200);
			assertThat(down.text()).isEqualTo(up.text());
			assertThat(downNdjson.text()).isEqualTo(upNdjson.text());

			this.clock.set("2026-11-26T00:00:01Z");

			await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
			assertThat(receiver.received().get(0).text()).contains(
					"\"period\":\"daily\",\"period_start\":\"2026-11-25\"", "\"total\":3",
					"{\"rank\":1,\"user_id\":\"bob\",\"display_name\":null,\"score\":7}");
			assertThat(receiver.received().get(0).signedWith(SECRET)).isTrue();
		}
		finally {
			redisServer.restart();
		}
	}

}
