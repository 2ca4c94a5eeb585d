package app.leaderboard.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * With JWTs on, a change of name needs a token that may update that user, as an update
 * does (docs/security.md).
 */
class NameTokenIntegrationTests extends SecuredIntegrationTestBase {

	private Response rename(String userId, String name, String... headers) {
		return this.api.method("PUT", "/api/redis-leaderboard/user/" + userId + "/name", "application/json",
				"{\"display_name\":\"" + name + "\"}", headers);
	}

	private String name(String userId) {
		return this.jdbc.queryForObject("select display_name from users where user_id = ?", String.class, userId);
	}

	@Test
	void aNameChangeNeedsATokenThatMayUpdateThatUser() {
		assertThat(this.api.update("alice", 1, bearer("alice")).status()).isEqualTo(200);

		assertThat(rename("alice", "Mallory").status()).as("no token").isEqualTo(401);
		assertThat(rename("alice", "Mallory", "Authorization", "Bearer not-a-jwt").status()).isEqualTo(401);
		assertThat(rename("alice", "Mallory", bearer("bob")).status()).as("another user's token").isEqualTo(403);
		assertThat(name("alice")).isNull();

		Response own = rename("alice", "Alice", bearer("alice"));
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.body()).extractingPath("$.display_name").isEqualTo("Alice");
		assertThat(rename("alice", "A.", bearer("backend", "leaderboard:write-any")).status()).isEqualTo(200);
		assertThat(name("alice")).isEqualTo("A.");
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").status()).as("reads stay public").isEqualTo(200);
	}

}
