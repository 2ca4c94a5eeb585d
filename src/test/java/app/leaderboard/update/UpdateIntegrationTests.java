package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

class UpdateIntegrationTests extends IntegrationTestBase {

	@Test
	void anUpdateAddsToAllFourPeriodsAndAnswersTheStats() {
		this.api.update("alice", 2);
		Response response = this.api.update("alice", 3);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).extractingPath("$.user_id").asString().isEqualTo("alice");
		assertThat(response.body()).extractingPath("$.daily_pomo").isEqualTo(5);
		assertThat(response.body()).extractingPath("$.weekly_pomo").isEqualTo(5);
		assertThat(response.body()).extractingPath("$.monthly_pomo").isEqualTo(5);
		assertThat(response.body()).extractingPath("$.yearly_pomo").isEqualTo(5);
		assertThat(response.body()).extractingPath("$.updated_at").asString().isEqualTo("2026-11-25T10:15:00Z");
		assertThat(this.jdbc.queryForObject("select sum(total) from period_totals where user_id = 'alice'", Long.class))
			.isEqualTo(20);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"user_id\":\"alice\",\"count\":0}", "{\"user_id\":\"alice\",\"count\":-1}",
			"{\"user_id\":\"alice\",\"count\":1.5}", "{\"user_id\":\"alice\",\"count\":2.0}",
			"{\"user_id\":\"alice\",\"count\":\"2\"}", "{\"user_id\":\"alice\"}",
			"{\"user_id\":\"alice\",\"count\":null}", "{\"user_id\":\"alice\",\"count\":1001}",
			"{\"user_id\":\"alice\",\"count\":99999999999999999999}", "{\"user_id\":\"alice\",\"count\":true}",
			"{\"count\":1}", "{\"user_id\":null,\"count\":1}", "{\"user_id\":\"\",\"count\":1}",
			"{\"user_id\":\"a b\",\"count\":1}", "{\"user_id\":7,\"count\":1}",
			"{\"user_id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"count\":1}",
			"{\"user_id\":\"al/ice\",\"count\":1}", "[1,2]", "\"alice\"", "{", "", "null" })
	void invalidBodiesAre400ProblemsAndChangeNothing(String body) {
		Response response = this.api.post("/api/redis-leaderboard/update", body);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.status").isEqualTo(400);
		assertThat(response.body()).extractingPath("$.title").asString().isNotBlank();
		assertThat(response.body()).extractingPath("$.detail").asString().isNotBlank();
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
	}

	@Test
	void theLargestAllowedCountAndEveryUserIdCharacterAreAccepted() {
		Response response = this.api.update("A-z_0.9@x:y+z", 1000);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).extractingPath("$.daily_pomo").isEqualTo(1000);
	}

	@Test
	void aRepeatedIdempotencyKeyIsAppliedOnce() {
		Response first = this.api.update("alice", 2, "Idempotency-Key", "k-1");
		Response repeat = this.api.update("alice", 2, "Idempotency-Key", "k-1");
		Response again = this.api.update("alice", 2, "Idempotency-Key", "k-1");

		assertThat(first.status()).isEqualTo(200);
		assertThat(repeat.status()).isEqualTo(200);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo")
			.isEqualTo(2);
	}

	@Test
	void theSameIdempotencyKeyWithAnotherBodyIsAConflict() {
		this.api.update("alice", 2, "Idempotency-Key", "k-2");
		Response conflict = this.api.update("alice", 3, "Idempotency-Key", "k-2");
		Response otherUser = this.api.update("bob", 2, "Idempotency-Key", "k-2");

		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.contentType()).startsWith("application/problem+json");
		assertThat(otherUser.status()).isEqualTo(409);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo")
			.isEqualTo(2);
	}

	@Test
	void anInvalidIdempotencyKeyIsRejected() {
		Response tooLong = this.api.update("alice", 1, "Idempotency-Key", "k".repeat(129));

		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
	}

	@Test
	void aWrongMediaTypeIs415AndAWrongMethod405() {
		Response text = this.api.method("POST", "/api/redis-leaderboard/update", "text/plain", "alice");
		Response put = this.api.method("PUT", "/api/redis-leaderboard/update", "application/json", "{}");

		assertThat(text.status()).isEqualTo(415);
		assertThat(text.contentType()).startsWith("application/problem+json");
		assertThat(put.status()).isEqualTo(405);
		assertThat(put.contentType()).startsWith("application/problem+json");
	}

}
