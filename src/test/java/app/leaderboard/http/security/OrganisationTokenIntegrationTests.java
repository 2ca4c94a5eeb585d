package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Tokens;

/**
 * Organisation boards with JWTs on (docs/security.md), with real HS256 tokens: reading
 * one needs its {@code org} claim or {@code leaderboard:read-any}; joining one needs the
 * claim or {@code leaderboard:write-any}; region boards stay public.
 */
class OrganisationTokenIntegrationTests extends SecuredIntegrationTestBase {

	private String token(String subject, String org, String scope, Instant expires) {
		JWTClaimsSet claims = Tokens.claims(subject, expires, scope);
		if (org != null) {
			claims = new JWTClaimsSet.Builder(claims).claim("org", org).build();
		}
		return "Bearer " + Tokens.hs256(claims);
	}

	private String token(String subject, String org, String scope) {
		return token(subject, org, scope, this.clock.instant().plusSeconds(300));
	}

	private Response join(String user, String org, String authorization) {
		return this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":1,\"region\":\"eu\",\"org\":\"" + org + "\"}", "Authorization",
				authorization);
	}

	@Test
	void readingAnOrganisationsBoardNeedsATokenOfThatOrganisationOrReadAny() {
		assertThat(join("alice", "acme", token("alice", "acme", null)).status()).isEqualTo(200);
		String board = "/api/redis-leaderboard/daily?org=acme";
		String rank = "/api/redis-leaderboard/user/alice/rank/daily?org=acme";
		String around = "/api/redis-leaderboard/user/alice/around/daily?org=acme";
		String friends = "/api/redis-leaderboard/daily/users?ids=alice,bob&org=acme";

		for (String path : new String[] { board, rank, around, friends }) {
			assertProblem(this.api.get(path), 401);
			assertProblem(this.api.get(path, "Authorization", "Bearer not-a-jwt"), 401);
			assertProblem(this.api.get(path, "Authorization",
					token("alice", "acme", null, this.clock.instant().minusSeconds(120))), 401);
			assertProblem(this.api
				.get(path, "Authorization", "Bearer " + Tokens.hs256("another-secret-of-32-bytes-or-more-0123456789",
						new JWTClaimsSet.Builder(Tokens.claims("alice", this.clock.instant().plusSeconds(300), null))
							.claim("org", "acme")
							.build())),
					401);
			assertProblem(this.api.get(path, "Authorization", token("bob", "globex", null)), 403);
			assertProblem(this.api.get(path, "Authorization", token("bob", null, null)), 403);
			assertProblem(this.api.get(path, "Authorization", token("bob", null, "leaderboard:write-any")), 403);
			assertThat(this.api.get(path, "Authorization", token("bob", "acme", null)).status()).isEqualTo(200);
			assertThat(this.api.get(path, "Authorization", token("svc", null, "openid leaderboard:read-any")).status())
				.isEqualTo(200);
		}
		Response read = this.api.get(board, "Authorization", token("carol", "acme", null));
		assertThat(read.body()).extractingPath("$.entries[0].user_id").isEqualTo("alice");
		// the live board of an organisation: the same rule before any stream opens
		String events = "/api/redis-leaderboard/daily/events?org=acme";
		assertProblem(this.api.get(events), 401);
		assertProblem(this.api.get(events, "Authorization", token("bob", "globex", null)), 403);
		// region and global boards stay public
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=eu").status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/daily").status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice/rank/daily?region=eu").status()).isEqualTo(200);
	}

	@Test
	void joiningAnOrganisationNeedsItsOrgClaimOrWriteAny() {
		assertProblem(join("alice", "acme", token("alice", null, null)), 403);
		assertProblem(join("alice", "acme", token("alice", "globex", null)), 403);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();

		assertThat(join("alice", "acme", token("alice", "acme", null)).status()).isEqualTo(200);
		assertThat(join("bob", "acme", token("backend", null, "leaderboard:write-any")).status()).isEqualTo(200);
		// an update without org needs no org claim and keeps the user's organisation
		Response plain = this.api.update("alice", 1, bearer("alice"));
		assertThat(plain.status()).isEqualTo(200);
		assertThat(plain.body()).extractingPath("$.org").isEqualTo("acme");
	}

}
