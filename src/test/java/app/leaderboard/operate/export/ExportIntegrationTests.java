package app.leaderboard.operate.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The admin export: whole boards as CSV and NDJSON from PostgreSQL, hidden users left
 * out, past dates and scopes as on the boards, behind the admin token, two at a time.
 */
class ExportIntegrationTests extends IntegrationTestBase {

	static final String EXPORT = "/api/redis-leaderboard/admin/export/";

	@Autowired
	ExportPermits permits;

	@Autowired
	DataSource dataSource;

	@Test
	void aBoardAsCsvRanksEveryoneQuotesAndDisarmsFormulas() {
		board();

		Response csv = this.api.get(EXPORT + "daily", admin());

		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv").contains("charset=UTF-8");
		assertThat(csv.header("Content-Disposition"))
			.hasValue("attachment; filename=\"leaderboard-daily-2026-11-25.csv\"");
		assertThat(csv.text()).isEqualTo("""
				rank,user_id,display_name,score\r
				1,bob,,5\r
				2,alice,,3\r
				2,carol,,3\r
				4,'-dash,,2\r
				5,'@at,,1\r
				5,'+1555,,1\r
				""");
	}

	@Test
	void aBoardAsNdjsonIsOneEntryPerLine() {
		board();

		Response ndjson = this.api.get(EXPORT + "weekly?format=ndjson", admin());

		assertThat(ndjson.status()).isEqualTo(200);
		assertThat(ndjson.contentType()).isEqualTo("application/x-ndjson");
		assertThat(ndjson.header("Content-Disposition"))
			.hasValue("attachment; filename=\"leaderboard-weekly-2026-11-23.ndjson\"");
		assertThat(ndjson.text()).isEqualTo("""
				{"rank":1,"user_id":"bob","display_name":null,"score":5}
				{"rank":2,"user_id":"alice","display_name":null,"score":3}
				{"rank":2,"user_id":"carol","display_name":null,"score":3}
				{"rank":4,"user_id":"-dash","display_name":null,"score":2}
				{"rank":5,"user_id":"@at","display_name":null,"score":1}
				{"rank":5,"user_id":"+1555","display_name":null,"score":1}
				""");
	}

	@Test
	void aPastDayAndAScopeUseTodaysMembership() {
		update("alice", 2, "eu");
		update("bob", 5, "eu");
		update("erin", 1, "us");
		this.clock.set("2026-11-26T09:00:00Z");
		// bob moves to us today: yesterday's eu board no longer has him
		update("bob", 1, "us");
		update("carol", 4, "eu");

		assertThat(this.api.get(EXPORT + "daily?date=2026-11-25&region=eu", admin()).text())
			.isEqualTo("rank,user_id,display_name,score\r\n1,alice,,2\r\n");
		assertThat(this.api.get(EXPORT + "daily?date=2026-11-25&region=us", admin()).text())
			.isEqualTo("rank,user_id,display_name,score\r\n1,bob,,5\r\n2,erin,,1\r\n");
		Response today = this.api.get(EXPORT + "daily?region=eu", admin());
		assertThat(today.text()).isEqualTo("rank,user_id,display_name,score\r\n1,carol,,4\r\n");
		assertThat(today.header("Content-Disposition"))
			.hasValue("attachment; filename=\"leaderboard-daily-2026-11-26-region-eu.csv\"");
		assertThat(this.api.get(EXPORT + "daily?date=2026-11-25", admin()).text())
			.isEqualTo("rank,user_id,display_name,score\r\n1,bob,,5\r\n2,alice,,2\r\n3,erin,,1\r\n");
		Response unused = this.api.get(EXPORT + "monthly?org=nobody&format=ndjson", admin());
		assertThat(unused.status()).isEqualTo(200);
		assertThat(unused.text()).isEmpty();
		assertThat(this.api.get(EXPORT + "daily?org=nobody", admin()).text())
			.isEqualTo("rank,user_id,display_name,score\r\n");
	}

	@Test
	void onlyWithTheAdminTokenAndValidParameters() {
		board();

		assertThat(this.api.get(EXPORT + "daily").status()).isEqualTo(401);
		assertThat(this.api.get(EXPORT + "daily", "Authorization", "Bearer wrong").status()).isIn(401, 403);
		assertThat(this.api.get(EXPORT + "daily").contentType()).startsWith("application/problem+json");
		assertThat(this.api.get(EXPORT + "daily?format=xlsx", admin()).status()).isEqualTo(400);
		assertThat(this.api.get(EXPORT + "daily?date=2026-11-26", admin()).status()).isEqualTo(400);
		assertThat(this.api.get(EXPORT + "daily?date=yesterday", admin()).status()).isEqualTo(400);
		assertThat(this.api.get(EXPORT + "daily?region=eu&org=acme", admin()).status()).isEqualTo(400);
		assertThat(this.api.get(EXPORT + "hourly", admin()).status()).isEqualTo(400);
		Response bad = this.api.get(EXPORT + "daily?region=no%20spaces", admin());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.header("Content-Disposition")).isEmpty();
	}

	@Test
	void aThirdExportAtOnceIsTurnedAwayWithRetryAfter() throws Exception {
		board();
		Response third;
		CompletableFuture<Response> first;
		CompletableFuture<Response> second;
		// the latch: a lock that keeps both exports' statements waiting once they have
		// their places
		try (Connection latch = this.dataSource.getConnection()) {
			latch.setAutoCommit(false);
			latch.createStatement().execute("lock table period_totals in access exclusive mode");
			first = CompletableFuture.supplyAsync(() -> this.api.get(EXPORT + "daily", admin()));
			second = CompletableFuture.supplyAsync(() -> this.api.get(EXPORT + "weekly?format=ndjson", admin()));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.permits.available() == 0);

			third = this.api.get(EXPORT + "monthly", admin());

			latch.rollback();
		}
		assertThat(third.status()).isEqualTo(429);
		assertThat(third.header("Retry-After")).hasValue("10");
		assertThat(third.contentType()).startsWith("application/problem+json");
		assertThat(third.body()).extractingPath("$.status").isEqualTo(429);
		assertThat(first.get().status()).isEqualTo(200);
		assertThat(first.get().text()).startsWith("rank,user_id,display_name,score\r\n1,bob,,5\r\n");
		assertThat(second.get().status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.permits.available() == ExportPermits.CONCURRENT);
		assertThat(this.api.get(EXPORT + "monthly", admin()).status()).isEqualTo(200);
	}

	/**
	 * bob 5, alice and carol 3 (alice first), -dash 2, @at and +1555 1, and dave (9)
	 * hidden.
	 */
	private void board() {
		this.api.update("bob", 5);
		this.api.update("alice", 3);
		this.api.update("dave", 9);
		this.clock.advance(Duration.ofSeconds(1));
		this.api.update("carol", 3);
		this.api.update("-dash", 2);
		this.api.update("@at", 1);
		this.clock.advance(Duration.ofSeconds(1));
		this.api.update("+1555", 1);
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/dave/hide", null, admin()).status())
			.isEqualTo(200);
	}

	private void update(String userId, int count, String region) {
		assertThat(this.api
			.post("/api/redis-leaderboard/update",
					"{\"user_id\":\"" + userId + "\",\"count\":" + count + ",\"region\":\"" + region + "\"}")
			.status()).isEqualTo(200);
	}

}
