package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Tokens;

/**
 * {@code LEADERBOARD_JWT_JWKS_URL}: RS256 and ES256 tokens of "the existing auth system",
 * played by a small HTTP server on 127.0.0.1 that serves the public keys.
 */
class JwksIntegrationTests extends IntegrationTestBase {

	private static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());

	private static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());

	private static final HttpServer AUTH_SYSTEM = serve(
			new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK())).toString());

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.jwt-jwks-url",
				() -> "http://127.0.0.1:" + AUTH_SYSTEM.getAddress().getPort() + "/.well-known/jwks.json");
		// LEADERBOARD_JWT_ISSUER and LEADERBOARD_JWT_AUDIENCE (docs/security.md, Modes)
		registry.add("leaderboard.jwt-issuer", () -> ISSUER);
		registry.add("leaderboard.jwt-audience", () -> AUDIENCE);
	}

	static final String ISSUER = "https://auth.example.com/";

	static final String AUDIENCE = "leaderboard";

	@Test
	void tokensOfAnotherIssuerOrWithoutTheAudienceAre401() {
		JWTClaimsSet good = claims("alice");
		JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(good).issuer("https://other.example.com/").build();
		JWTClaimsSet noIssuer = new JWTClaimsSet.Builder(good).issuer(null).build();
		JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(good).audience("another-app").build();
		JWTClaimsSet noAudience = new JWTClaimsSet.Builder(good).audience((String) null).build();

		for (JWTClaimsSet claims : List.of(otherIssuer, noIssuer, otherAudience, noAudience)) {
			assertProblem(this.api.update("alice", 1, "Authorization", "Bearer " + Tokens.rs256(RSA, claims)), 401);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
		JWTClaimsSet twoAudiences = new JWTClaimsSet.Builder(good).audience(List.of("another-app", AUDIENCE)).build();
		assertThat(this.api.update("alice", 1, "Authorization", "Bearer " + Tokens.rs256(RSA, twoAudiences)).status())
			.isEqualTo(200);
	}

	@Test
	void anOrganisationsBoardNeedsAnRs256TokenOfThatOrganisation() {
		JWTClaimsSet acme = new JWTClaimsSet.Builder(claims("alice")).claim("org", "acme").build();
		assertThat(this.api
			.post("/api/redis-leaderboard/update", "{\"user_id\":\"alice\",\"count\":2,\"org\":\"acme\"}",
					"Authorization", "Bearer " + Tokens.es256(EC, acme))
			.status()).isEqualTo(200);

		Response read = this.api.get("/api/redis-leaderboard/daily?org=acme", "Authorization",
				"Bearer " + Tokens.rs256(RSA, acme));
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("total").longValue()).isEqualTo(1);
		JWTClaimsSet globex = new JWTClaimsSet.Builder(claims("bob")).claim("org", "globex").build();
		assertProblem(this.api.get("/api/redis-leaderboard/daily?org=acme", "Authorization",
				"Bearer " + Tokens.rs256(RSA, globex)), 403);
		JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(acme).issuer("https://other.example.com/").build();
		assertProblem(this.api.get("/api/redis-leaderboard/daily?org=acme", "Authorization",
				"Bearer " + Tokens.rs256(RSA, otherIssuer)), 401);
	}

	@AfterAll
	static void stopAuthSystem() {
		AUTH_SYSTEM.stop(0);
	}

	@Test
	void rs256AndEs256TokensFromTheAuthSystemAreAccepted() {
		Response rsa = this.api.update("alice", 1, "Authorization", "Bearer " + Tokens.rs256(RSA, claims("alice")));
		Response ec = this.api.update("bob", 1, "Authorization", "Bearer " + Tokens.es256(EC, claims("bob")));

		assertThat(rsa.status()).isEqualTo(200);
		assertThat(ec.status()).isEqualTo(200);
	}

	@Test
	void aTokenForAnotherUserIs403() {
		Response response = this.api.update("bob", 1, "Authorization", "Bearer " + Tokens.rs256(RSA, claims("alice")));

		assertProblem(response, 403);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
	}

	@Test
	void tokensSignedByOtherKeysOrWithOtherAlgorithmsAre401() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		String[] tokens = { Tokens.rs256(stranger, claims("alice")), Tokens.hs256(claims("alice")),
				Tokens.unsigned(claims("alice")) };

		for (String token : tokens) {
			assertProblem(this.api.update("alice", 1, "Authorization", "Bearer " + token), 401);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
	}

	private JWTClaimsSet claims(String subject) {
		return new JWTClaimsSet.Builder(Tokens.claims(subject, this.clock.instant().plusSeconds(300), null))
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.build();
	}

	private static HttpServer serve(String jwks) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private interface KeyMaker<K> {

		K make() throws JOSEException;

	}

	private static <K> K generate(KeyMaker<K> maker) {
		try {
			return maker.make();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
