package app.leaderboard.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Tokens;

/** Update tokens (docs/security.md, Modes) with {@code LEADERBOARD_JWT_SECRET} set. */
@ExtendWith(OutputCaptureExtension.class)
class UpdateTokenIntegrationTests extends SecuredIntegrationTestBase {

	@Test
	void anUpdateWithoutATokenIs401AndChangesNothing() {
		Response response = this.api.update("alice", 1);

		assertProblem(response, 401);
		assertThat(response.header("WWW-Authenticate")).hasValueSatisfying((v) -> assertThat(v).startsWith("Bearer"));
		assertNothingStored();
	}

	@Test
	void expiredBadlySignedUnsignedAndMalformedTokensAre401(CapturedOutput output) {
		Instant now = this.clock.instant();
		String expired = Tokens.hs256(Tokens.claims("alice", now.minusSeconds(120), null));
		String otherKey = Tokens.hs256("another-secret-that-is-32-bytes-long!!",
				Tokens.claims("alice", now.plusSeconds(300), null));
		String none = Tokens.unsigned(Tokens.claims("alice", now.plusSeconds(300), null));
		String noExpiry = Tokens.hs256(Tokens.claims("alice", null, null));
		String valid = Tokens.hs256(Tokens.claims("alice", now.plusSeconds(300), null));
		int signature = valid.lastIndexOf('.') + 1;
		String tampered = valid.substring(0, signature) + "AAAA" + valid.substring(signature + 4);

		for (String token : new String[] { expired, otherKey, none, noExpiry, tampered, "not-a-jwt", "a.b.c", "" }) {
			Response response = this.api.update("alice", 1, "Authorization", "Bearer " + token);
			assertProblem(response, 401);
			assertThat(response.text()).doesNotContain(token.isEmpty() ? "\u0000" : token);
		}
		assertProblem(this.api.update("alice", 1, "Authorization", "Basic YWxpY2U6c2VjcmV0"), 401);
		assertNothingStored();
		assertThat(output.getAll()).doesNotContain(Tokens.SECRET, expired, otherKey, none, valid, tampered,
				"YWxpY2U6c2VjcmV0");
	}

	@Test
	void anRs256TokenIsNotAcceptedWhenOnlyTheSecretIsConfigured() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("attacker").generate();
		String token = Tokens.rs256(key, Tokens.claims("alice", this.clock.instant().plusSeconds(300), null));

		assertProblem(this.api.update("alice", 1, "Authorization", "Bearer " + token), 401);
		assertNothingStored();
	}

	@Test
	void aValidTokenUpdatesItsOwnUser() {
		Response response = this.api.update("alice", 2, bearer("alice"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).extractingPath("$.daily_pomo").isEqualTo(2);
	}

	@Test
	void aValidTokenForAnotherUserIs403AndChangesNothing() {
		Response response = this.api.update("bob", 2, bearer("alice"));

		assertProblem(response, 403);
		assertNothingStored();
	}

	@Test
	void theWriteAnyScopeMayUpdateEveryUser() {
		Response spaced = this.api.update("bob", 2, bearer("backend", "openid leaderboard:write-any"));
		Response other = this.api.update("carol", 1, bearer("backend", "leaderboard:write-any"));
		Response wrongScope = this.api.update("dave", 1, bearer("backend", "leaderboard:write"));

		assertThat(spaced.status()).isEqualTo(200);
		assertThat(other.status()).isEqualTo(200);
		assertProblem(wrongScope, 403);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(2);
	}

	@Test
	void theBodyIsCheckedBeforeTheUser() {
		assertProblem(this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"bob\"}", bearer("alice")), 400);
	}

	@Test
	void readsArePublicEvenWithAnUnrelatedBearerHeader() {
		this.api.update("alice", 2, bearer("alice"));

		assertThat(this.api.get("/api/redis-leaderboard/daily").status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice", "Authorization", "Bearer junk").status())
			.isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice/rank/weekly").status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health").status()).isEqualTo(200);
		assertThat(this.api.get("/v3/api-docs").status()).isEqualTo(200);
	}

	@Test
	void adminEndpointsKeepTheirOwnToken() {
		Response missing = this.api.get("/api/redis-leaderboard/admin/status");
		Response wrong = this.api.get("/api/redis-leaderboard/admin/status", "Authorization", "Bearer wrong");
		Response jwt = this.api.get("/api/redis-leaderboard/admin/status", bearer("alice", "leaderboard:write-any"));
		Response right = this.api.get("/api/redis-leaderboard/admin/status", admin());

		assertProblem(missing, 401);
		assertProblem(wrong, 403);
		assertProblem(jwt, 403);
		assertThat(right.status()).isEqualTo(200);
		assertThat(wrong.text()).doesNotContain(ADMIN_TOKEN);
	}

	static void assertProblem(Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.status").isEqualTo(status);
		assertThat(response.body()).extractingPath("$.title").asString().isNotBlank();
		assertThat(response.body()).extractingPath("$.detail").asString().isNotBlank();
	}

	private void assertNothingStored() {
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from outbox", Long.class)).isZero();
	}

}
