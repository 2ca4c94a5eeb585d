package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.support.RawRedisTestBase;
import app.leaderboard.support.TestApi.Response;

/** What the tests of past periods, around-me and friends share. */
abstract class ReadsTestBase extends RawRedisTestBase {

	static final String API = "/api/redis-leaderboard";

	@Autowired
	Periods periods;

	/**
	 * Today's daily board: bob 12; alice and carol tie at 9 (alice first); dave 7; erin,
	 * frank, gina tie at 5 in the same second (by id); hal 1. Positions 0 to 7, ranks 1,
	 * 2, 2, 4, 5, 5, 5, 8. Ivy is known but scored only yesterday.
	 */
	void seedTies() {
		this.clock.set(this.clock.instant().minus(Duration.ofDays(1)));
		this.api.update("ivy", 4);
		this.clock.set(this.clock.instant().plus(Duration.ofDays(1)));
		this.api.update("bob", 12);
		this.api.update("alice", 9);
		this.clock.advance(Duration.ofSeconds(5));
		this.api.update("carol", 9);
		this.api.update("dave", 7);
		this.clock.advance(Duration.ofSeconds(5));
		this.api.update("gina", 5);
		this.api.update("erin", 5);
		this.api.update("frank", 5);
		this.api.update("hal", 1);
	}

	/** rank:user:score of each entry, for compact assertions. */
	static List<String> entries(Response response) {
		return response.entries(":");
	}

	PeriodInstance board(Period period, String date) {
		return this.periods.containing(period, LocalDate.parse(date));
	}

	PeriodInstance today(Period period) {
		return this.periods.current(period);
	}

	/**
	 * Reads {@code path} from Redis, then with {@code boards} kept out of Redis from
	 * PostgreSQL: both must answer 200 with the same JSON, and say where they came from.
	 */
	Response fromBothSources(String path, PeriodInstance... boards) {
		Response fromRedis = this.api.get(path);
		assertThat(fromRedis.status()).as(fromRedis.text()).isEqualTo(200);
		assertThat(fromRedis.source()).isEqualTo("redis");
		Response fromPostgres;
		try (PostgresOnly cold = new PostgresOnly(this.locks, this.keys, this.raw, this.rebuild, boards)) {
			fromPostgres = this.api.get(path);
		}
		assertThat(fromPostgres.status()).as(fromPostgres.text()).isEqualTo(200);
		assertThat(fromPostgres.source()).isEqualTo("postgres");
		assertThat(fromPostgres.text()).isEqualTo(fromRedis.text());
		return fromRedis;
	}

	static void assertProblem(Response response, int status, String detailPart) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.detail").asString().contains(detailPart);
	}

}
