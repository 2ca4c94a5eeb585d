package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TeamListing;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Tokens;

/**
 * The team listings with JWTs on (docs/security.md): the organisations' listing names
 * every organisation, so it needs {@code leaderboard:read-any}; the regions' stays
 * public.
 */
class TeamTokenIntegrationTests extends SecuredIntegrationTestBase {

	private String token(String subject, String org, String scope) {
		JWTClaimsSet claims = Tokens.claims(subject, this.clock.instant().plusSeconds(300), scope);
		if (org != null) {
			claims = new JWTClaimsSet.Builder(claims).claim("org", org).build();
		}
		return "Bearer " + Tokens.hs256(claims);
	}

	@Test
	void theOrganisationsListingNeedsReadAnyAndTheRegionsListingIsPublic() {
		TeamListing.update(this.api, "alice", 2, "eu", "acme", "Authorization", token("alice", "acme", null));
		for (String path : new String[] { "/api/redis-leaderboard/daily/orgs",
				"/api/redis-leaderboard/weekly/orgs?date=2026-11-24&limit=5" }) {
			assertProblem(this.api.get(path), 401);
			assertProblem(this.api.get(path, "Authorization", "Bearer not-a-jwt"), 401);
			assertProblem(
					this.api.get(path, "Authorization", "Bearer " + Tokens
						.hs256(Tokens.claims("svc", this.clock.instant().minusSeconds(120), "leaderboard:read-any"))),
					401);
			// an organisation's own token reads its board, not every organisation's
			assertProblem(this.api.get(path, "Authorization", token("alice", "acme", null)), 403);
			assertProblem(this.api.get(path, "Authorization", token("svc", null, "leaderboard:write-any")), 403);
			Response read = this.api.get(path, "Authorization", token("svc", null, "openid leaderboard:read-any"));
			assertThat(read.status()).as(path).isEqualTo(200);
			assertThat(TeamListing.lines(read)).containsExactly("1.acme=2/1");
		}
		Response regions = this.api.get("/api/redis-leaderboard/daily/regions");
		assertThat(regions.status()).isEqualTo(200);
		assertThat(TeamListing.lines(regions)).containsExactly("1.eu=2/1");
		// a token on the public listing is not read at all: even a bad one does not
		// matter
		assertThat(this.api.get("/api/redis-leaderboard/daily/regions", "Authorization", "Bearer not-a-jwt").status())
			.isEqualTo(200);
	}

}
