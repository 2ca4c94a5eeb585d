package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Collections;

import app.leaderboard.core.Period;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.TestApi.Response;

/**
 * A friends list (docs/api.md): several users at once, in board order, ranked on the
 * whole board.
 */
class FriendsIntegrationTests extends ReadsTestBase {

	@Test
	void knownUsersInBoardOrderThenTheUnscoredByIdAndUnknownOnesLeftOut() {
		seedTies();
		this.api.update("zoe", 1);
		this.clock.advance(Duration.ofDays(1));
		// a new day: only ivy's and zoe's earlier scores, none today

		Response today = fromBothSources(API + "/daily/users?ids=zoe,ivy,nobody,bob", today(Period.DAILY));
		assertThat(entries(today)).containsExactly("null:bob:0", "null:ivy:0", "null:zoe:0");

		Response week = fromBothSources(API + "/weekly/users?ids=gina,bob,nobody,ivy,hal,carol,gina,zoe,erin",
				today(Period.WEEKLY));
		assertThat(entries(week)).containsExactly("1:bob:12", "2:carol:9", "5:erin:5", "5:gina:5", "8:ivy:4", "9:hal:1",
				"9:zoe:1");
		assertThat(week.body()).extractingPath("$.period").asString().isEqualTo("weekly");
		assertThat(week.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-23");
		assertThat(week.body()).doesNotHavePath("$.total");
	}

	@Test
	void aPastDayAndItsUnscoredUsers() {
		seedTies();

		Response yesterday = fromBothSources(API + "/daily/users?ids=alice,ivy&date=2026-11-24",
				board(Period.DAILY, "2026-11-24"));

		assertThat(entries(yesterday)).containsExactly("1:ivy:4", "null:alice:0");
		assertThat(yesterday.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-24");
	}

	@Test
	void onlyUnknownIdsGiveNoEntries() {
		seedTies();

		Response response = this.api.get(API + "/daily/users?ids=nobody,ghost");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).extractingPath("$.entries").asArray().isEmpty();
	}

	@Test
	void aHundredIdsWithDuplicatesAreAllowedAndEachUserIsListedOnce() {
		seedTies();
		String ids = String.join(",", Collections.nCopies(99, "bob")) + ",hal";

		assertThat(entries(this.api.get(API + "/daily/users?ids=" + ids))).containsExactly("1:bob:12", "8:hal:1");
		assertProblem(this.api.get(API + "/daily/users?ids=" + ids + ",alice"), 400, "at most 100");
	}

	@Test
	void fiftyIdsTakeOneRedisRoundTrip() {
		seedTies();
		StringBuilder ids = new StringBuilder("bob,ivy");
		for (int i = 0; i < 48; i++) {
			ids.append(',').append(List.of("alice", "carol", "gina", "hal").get(i % 4));
		}
		this.api.get(API + "/daily/users?ids=" + ids);
		Map<String, Long> before = this.raw.commandCalls();

		Response response = this.api.get(API + "/daily/users?ids=" + ids);

		Map<String, Long> after = this.raw.commandCalls();
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		assertThat(response.source()).isEqualTo("redis");
		assertThat(entries(response)).hasSize(6);
		// one script on the board and one HMGET per user cache bucket of the six
		// distinct users, pipelined; no command per id. The counters are server-wide, and
		// background ticks (relay, warm-up, lock renewals, the buckets' markers checked
		// with HEXISTS, hence not counted) run scripts and ZSCOREs meanwhile, more of
		// them
		// on a loaded machine; so the script bound is "far fewer than one per id" (50
		// ids).
		long buckets = Stream.of("bob", "ivy", "alice", "carol", "gina", "hal")
			.map(RedisKeys::userBucket)
			.distinct()
			.count();
		assertThat(calls(after, "evalsha") - calls(before, "evalsha")).isBetween(1L, 24L);
		assertThat(calls(after, "hmget") - calls(before, "hmget")).isEqualTo(buckets);
		for (String command : List.of("zscore", "zmscore", "zrank", "hget")) {
			assertThat(calls(after, command) - calls(before, command)).as(command).isLessThan(20);
		}
	}

	private static long calls(Map<String, Long> calls, String command) {
		return calls.getOrDefault(command, 0L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/daily/users", "/daily/users?ids=", "/daily/users?ids=alice,,bob",
			"/daily/users?ids=alice,", "/daily/users?ids=,alice", "/daily/users?ids=alice,a%20b",
			"/daily/users?ids=alice," + "x%2Fy", "/hourly/users?ids=alice", "/daily/users?ids=alice&date=2026-11-26",
			"/daily/users?ids=alice&date=yesterday", "/Daily/users?ids=alice&date=2026-11-24" })
	void badListsAre400(String path) {
		Response response = this.api.get(API + path);

		assertThat(response.status()).as(response.text()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.detail").asString().isNotBlank();
	}

}
