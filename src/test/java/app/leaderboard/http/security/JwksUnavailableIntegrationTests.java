package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Tokens;

/**
 * The auth system's JWKS URL does not answer: a dependency down (503), not a bad token.
 */
class JwksUnavailableIntegrationTests extends IntegrationTestBase {

	@DynamicPropertySource
	static void deadJwks(DynamicPropertyRegistry registry) {
		try (ServerSocket socket = new ServerSocket(0)) {
			int port = socket.getLocalPort();
			registry.add("leaderboard.jwt-jwks-url", () -> "http://127.0.0.1:" + port + "/jwks.json");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void anUpdateAnswers503AndChangesNothingWhileReadsGoOn() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		String token = Tokens.rs256(key, Tokens.claims("alice", this.clock.instant().plusSeconds(300), null));

		long started = System.nanoTime();
		Response response = this.api.update("alice", 1, "Authorization", "Bearer " + token);

		assertProblem(response, 503);
		assertThat(response.header("Retry-After")).isPresent();
		assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_500);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
		assertProblem(this.api.update("alice", 1), 401);
		assertThat(this.api.get("/api/redis-leaderboard/daily").status()).isEqualTo(200);
	}

}
