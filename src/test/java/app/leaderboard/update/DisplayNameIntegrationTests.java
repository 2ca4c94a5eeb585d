package app.leaderboard.update;

import static app.leaderboard.support.TestApi.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * Names people see (docs/api.md, "Names"): set with an update or on their own, cleared by
 * the user or an operator, shown on the stats object and on every listing that names a
 * user.
 */
class DisplayNameIntegrationTests extends IntegrationTestBase {

	private Response update(String body) {
		return this.api.post("/api/redis-leaderboard/update", body);
	}

	private Response rename(String userId, String body) {
		return this.api.method("PUT", "/api/redis-leaderboard/user/" + userId + "/name", "application/json", body);
	}

	@Test
	void anUpdateSetsTheNameStrippedAndAnUpdateWithoutOneKeepsIt() {
		Response set = update("{\"user_id\":\"alice\",\"count\":2,\"display_name\":\"  Alice 👩\u200D💻 \"}");
		assertThat(set.status()).isEqualTo(200);
		assertThat(set.body()).extractingPath("$.display_name").isEqualTo("Alice 👩\u200D💻");

		assertThat(this.api.update("alice", 1).body()).extractingPath("$.display_name").isEqualTo("Alice 👩\u200D💻");
		assertThat(update("{\"user_id\":\"alice\",\"count\":1,\"display_name\":null}").body())
			.extractingPath("$.display_name")
			.isEqualTo("Alice 👩\u200D💻");
		Response read = this.api.get("/api/redis-leaderboard/user/alice");
		assertThat(read.source()).isEqualTo("redis");
		assertThat(read.body()).extractingPath("$.display_name").isEqualTo("Alice 👩\u200D💻");
		assertThat(read.body()).extractingPath("$.daily_pomo").isEqualTo(4);
		assertThat(this.jdbc.queryForObject("select display_name from users where user_id = 'alice'", String.class))
			.isEqualTo("Alice 👩\u200D💻");
	}

	@Test
	void aUserWithoutANameHasNull() {
		Response body = this.api.update("bob", 1);
		assertThat(body.text()).contains("\"display_name\":null");
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries")
			.isEqualTo(List.of(entry(1, "bob", null, 1)));
	}

	@Test
	void anInvalidNameIsA400AndNothingOfTheUpdateIsApplied() {
		this.api.update("carol", 1);
		for (String name : List.of("\"\"", "\"   \"", "\"" + "x".repeat(33) + "\"", "\"a\\u0000b\"", "\"a\\nb\"",
				"\"a\\u200Bb\"", "\"a\\u2028b\"", "\"a\\u2029b\"", "\"a\\ud83db\"", "42", "true", "[\"a\"]",
				"{\"a\":1}")) {
			Response refused = update("{\"user_id\":\"carol\",\"count\":5,\"display_name\":" + name + "}");
			assertThat(refused.status()).as(name).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(update("{\"user_id\":\"dave\",\"count\":5,\"display_name\":" + name + "}").status())
				.isEqualTo(400);
		}
		assertThat(this.api.get("/api/redis-leaderboard/user/carol").body()).extractingPath("$.daily_pomo")
			.isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/dave").status()).as("never created").isEqualTo(404);
		assertThat(this.jdbc.queryForObject("select count(*) from users where display_name is not null", Long.class))
			.isZero();
	}

	@Test
	void putSetsAndClearsTheNameWithoutRecordingAPomodoro() {
		this.api.update("erin", 2);

		Response set = rename("erin", "{\"display_name\":\" Erin \"}");
		assertThat(set.status()).isEqualTo(200);
		assertThat(set.body()).extractingPath("$.display_name").isEqualTo("Erin");
		assertThat(set.body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(set.body()).extractingPath("$.user_id").isEqualTo("erin");
		assertThat(this.api.get("/api/redis-leaderboard/user/erin").body()).extractingPath("$.display_name")
			.isEqualTo("Erin");
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries[0].display_name")
			.isEqualTo("Erin");

		Response cleared = rename("erin", "{\"display_name\":null}");
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.text()).contains("\"display_name\":null");
		assertThat(cleared.body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries")
			.isEqualTo(List.of(entry(1, "erin", null, 2)));
	}

	@Test
	void putAnswers404ForAnUnknownUserAnd400ForABadBody() {
		assertThat(rename("nobody", "{\"display_name\":\"X\"}").status()).isEqualTo(404);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
		this.api.update("frank", 1);
		assertThat(rename("frank", "{\"display_name\":\"\"}").status()).isEqualTo(400);
		assertThat(rename("frank", "{\"display_name\":\"a\\u2028b\"}").status()).isEqualTo(400);
		assertThat(rename("frank", "{}").status()).as("display_name missing").isEqualTo(400);
		assertThat(rename("frank", "[]").status()).isEqualTo(400);
		assertThat(rename("bad%20id", "{\"display_name\":\"X\"}").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/user/frank").text()).contains("\"display_name\":null");
	}

	@Test
	void anOperatorClearsANameWithTheAdminToken() {
		update("{\"user_id\":\"gina\",\"count\":1,\"display_name\":\"rude word\"}");

		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/gina/name").status()).isEqualTo(401);
		assertThat(this.api.get("/api/redis-leaderboard/user/gina").body()).extractingPath("$.display_name")
			.isEqualTo("rude word");

		Response cleared = this.api.delete("/api/redis-leaderboard/admin/users/gina/name", admin());
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.json().size()).isEqualTo(2);
		assertThat(cleared.text()).contains("\"user_id\":\"gina\"").contains("\"display_name\":null");
		assertThat(this.api.get("/api/redis-leaderboard/user/gina").text()).contains("\"display_name\":null");
		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/nobody/name", admin()).status()).isEqualTo(404);
	}

	@Test
	void namesAppearOnBoardPagesAroundAUserAndFriendsListsOfEveryScope() {
		update("{\"user_id\":\"hal\",\"count\":3,\"display_name\":\"Hal 9000\",\"region\":\"eu\"}");
		update("{\"user_id\":\"ida\",\"count\":2,\"region\":\"eu\"}");
		update("{\"user_id\":\"jo\",\"count\":1,\"display_name\":\"<b>Jo</b>\",\"region\":\"eu\"}");
		List<Object> expected = List.of(entry(1, "hal", "Hal 9000", 3), entry(2, "ida", null, 2),
				entry(3, "jo", "<b>Jo</b>", 1));

		for (String scope : List.of("", "?region=eu")) {
			Response page = this.api.get("/api/redis-leaderboard/weekly" + scope);
			assertThat(page.source()).isEqualTo("redis");
			assertThat(page.body()).extractingPath("$.entries").isEqualTo(expected);
			String around = "/api/redis-leaderboard/user/ida/around/weekly?radius=1" + scope.replace('?', '&');
			assertThat(this.api.get(around).body()).extractingPath("$.entries").isEqualTo(expected);
			Response friends = this.api
				.get("/api/redis-leaderboard/weekly/users?ids=jo,hal,ida" + scope.replace('?', '&'));
			assertThat(friends.body()).extractingPath("$.entries[0].display_name").isEqualTo("Hal 9000");
			assertThat(friends.body()).extractingPath("$.entries[1].display_name").isNull();
			assertThat(friends.body()).extractingPath("$.entries[2].display_name").isEqualTo("<b>Jo</b>");
		}
	}

	@Test
	void erasureRemovesTheNameWithTheUser() {
		update("{\"user_id\":\"kim\",\"count\":1,\"display_name\":\"Kim\"}");

		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/kim", admin()).status()).isEqualTo(200);

		assertThat(this.jdbc.queryForObject("select count(*) from users where display_name = 'Kim'", Long.class))
			.isZero();
		Response anew = this.api.update("kim", 1);
		assertThat(anew.text()).contains("\"display_name\":null");
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries")
			.isEqualTo(List.of(entry(1, "kim", null, 1)));
	}

}
