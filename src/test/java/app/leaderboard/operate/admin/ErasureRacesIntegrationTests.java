package app.leaderboard.operate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.ScriptOutputType;
import tools.jackson.databind.JsonNode;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Erasure;
import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserRow;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.board.RedisErasure;
import app.leaderboard.store.redis.build.RedisBuilds;
import app.leaderboard.store.redis.build.RowBuild;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.RawRedisTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Traces;

/**
 * "Erased means gone" against what ran beside the erasure (docs/consistency.md,
 * "Erasure"): a rebuild that read the user before it, a read, update or relay that read
 * PostgreSQL before it and writes after it. Each race is played in its order by the
 * components themselves: the test reads where they read and writes where they write.
 */
class ErasureRacesIntegrationTests extends RawRedisTestBase {

	private static final String ADMIN = "/api/redis-leaderboard/admin/users/";

	@Autowired
	RedisBuilds builds;

	@Autowired
	RebuildSnapshots snapshots;

	@Autowired
	BoardQueries store;

	@Autowired
	RedisBoardWrites writes;

	@Autowired
	RedisErasure erasure;

	@Autowired
	Periods periods;

	@Test
	void aRebuildThatReadTheUserBeforeTheErasureDoesNotBringThemBackWithItsSwap() {
		update("erin", 4, "eu");
		update("bob", 2, "eu");
		PeriodInstance daily = this.periods.current(Period.DAILY);
		PeriodInstance eu = daily.in(Scope.region("eu"));
		// a full sync is under way: its builds started and read their snapshots...
		var globalBuild = this.builds.boardBuild(daily);
		var scopedBuild = this.builds.boardBuild(eu);
		RowBuild<UserRow> usersBuild = this.builds.usersBuild(Set.of(RedisKeys.userBucket("erin")));
		List<BoardRow> globalRows = new ArrayList<>();
		List<BoardRow> scopedRows = new ArrayList<>();
		List<UserRow> userRows = new ArrayList<>();
		this.snapshots.streamBoard(daily, globalRows::add);
		this.snapshots.streamBoard(eu, scopedRows::add);
		this.snapshots.streamUsers(userRows::add);
		assertThat(globalRows).extracting(BoardRow::userId).contains("erin");
		assertThat(userRows).extracting(UserRow::userId).contains("erin");

		// ...the erasure is answered meanwhile...
		assertThat(this.api.delete(ADMIN + "erin", admin()).status()).isEqualTo(200);

		// ...and the builds write what they read and swap
		globalRows.forEach(globalBuild::add);
		scopedRows.forEach(scopedBuild::add);
		userRows.forEach(usersBuild::add);
		globalBuild.complete();
		scopedBuild.complete();
		usersBuild.complete();

		assertGone("erin");
		assertThat(scores("/api/redis-leaderboard/daily")).isEqualTo(Map.of("bob", 2L));
		assertThat(scores("/api/redis-leaderboard/daily?region=eu")).isEqualTo(Map.of("bob", 2L));
		assertThat(this.raw.commands().zrange(this.keys.board(daily), 0, -1)).contains("bob").doesNotContain("erin");
		assertThat(this.raw.commands().hget(this.keys.users("erin"), "erin")).isNull();
		assertThat(this.raw.commands().hget(this.keys.users("bob"), "bob")).isNotNull();
		// the next build reads a snapshot without her: nothing of her stays behind
		this.rebuild.fullSync((n) -> {
		});
		assertGone("erin");
		assertThat(Traces.inRedis(this.raw.commands(), "erin")).isEmpty();
	}

	@Test
	void aStateReadFromPostgresBeforeTheErasureAndWrittenAfterItDoesNotBringTheUserBack() {
		update("erin", 3, "eu");
		update("bob", 1, "eu");
		// a read that missed the cache, an update's follow-up, a relay batch: each read
		// erin's state before the erasure...
		UserScores read = this.store.userScores("erin", this.periods.currentAll().values()).orElseThrow();
		UserScores hiding = new UserScores(read.userId(), read.version(), read.updatedAt(), read.scores(),
				new Membership("eu", null, true));

		assertThat(this.api.delete(ADMIN + "erin", admin()).status()).isEqualTo(200);

		// ...and writes it after: the cache write-back, the relay's bulk write, a hide's
		this.writes.apply(List.of(read), false);
		this.writes.apply(List.of(read), true);
		this.writes.apply(List.of(hiding), true);

		assertGone("erin");
		assertThat(scores("/api/redis-leaderboard/weekly?region=eu")).isEqualTo(Map.of("bob", 1L));
		assertThat(Traces.inRedis(this.raw.commands(), "erin")).isEmpty();
		// the same id recorded anew is written as usual, from zero
		update("erin", 1, null);
		assertThat(scores("/api/redis-leaderboard/daily")).isEqualTo(Map.of("bob", 1L, "erin", 1L));
		assertThat(this.api.get("/api/redis-leaderboard/user/erin").body()).extractingPath("$.weekly_pomo")
			.isEqualTo(1);
	}

	@Test
	void anErasureCostsRedisTheSameFewCommandsHoweverManyKeysItHolds() {
		update("erin", 2, "eu", "acme");
		update("bob", 1, "eu");
		assertThat(this.api.delete(ADMIN + "erin", admin()).status()).isEqualTo(200);
		long version = this.jdbc.queryForObject("select version from erasures", Long.class);
		// the same erasure again, as the relay repeats it
		Erasure erin = new Erasure("erin", version + 1, List.of(Scope.region("eu"), Scope.org("acme")));
		long few = commandsFor(erin);

		// twenty thousand keys more: other users' scoped boards and guards
		String prefix = this.keys.board(this.periods.current(Period.DAILY).in(Scope.region("r")));
		for (int from = 0; from < 10_000; from += 500) {
			this.raw.commands()
				.eval("for i = tonumber(ARGV[1]), tonumber(ARGV[1]) + 499 do "
						+ "redis.call('ZADD', ARGV[2] .. i .. '}', -1, 'u' .. i) "
						+ "redis.call('HSET', ARGV[2] .. i .. '}:ver', 'u' .. i, 1) end return 'OK'",
						ScriptOutputType.STATUS, new String[0], Integer.toString(from),
						prefix.substring(0, prefix.length() - 1));
		}
		assertThat(this.raw.commands().dbsize()).isGreaterThan(20_000);
		long types = this.raw.commandCalls().getOrDefault("type", 0L);
		long many = commandsFor(new Erasure("erin", version + 2, erin.scopes()));

		assertThat(many).as("commands of an erasure with 20,000 more keys").isLessThanOrEqualTo(few + 50);
		assertThat(many).isLessThan(1_000);
		assertThat(this.raw.commandCalls().getOrDefault("type", 0L)).isEqualTo(types);
		assertGone("erin");
	}

	/**
	 * The commands Redis ran for one erasure, the least of three tries: the service's own
	 * background work (relay ticks, gauges) may run beside one of them.
	 */
	private long commandsFor(Erasure erasure) {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			long before = totalCalls();
			this.erasure.erase(erasure, false);
			least = Math.min(least, totalCalls() - before - 1);
		}
		return least;
	}

	private long totalCalls() {
		return this.raw.commandCalls().values().stream().mapToLong(Long::longValue).sum();
	}

	private void assertGone(String userId) {
		assertThat(this.api.get("/api/redis-leaderboard/user/" + userId).status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/" + userId + "/rank/daily").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/" + userId + "/rank/weekly?region=eu").status())
			.isEqualTo(404);
		for (String board : List.of("daily", "weekly", "monthly?region=eu", "yearly?region=eu")) {
			assertThat(scores("/api/redis-leaderboard/" + board)).as(board).doesNotContainKey(userId);
		}
		assertThat(this.api.get("/api/redis-leaderboard/weekly/users?ids=" + userId + ",bob").text())
			.doesNotContain("\"" + userId + "\"");
	}

	private Map<String, Long> scores(String path) {
		JsonNode board = this.api.get(path).json();
		Map<String, Long> scores = new TreeMap<>();
		board.get("entries").forEach((e) -> scores.put(e.get("user_id").stringValue(), e.get("score").longValue()));
		assertThat(board.get("total").longValue()).as(path).isEqualTo(scores.size());
		return scores;
	}

	private void update(String user, int count, String region) {
		update(user, count, region, null);
	}

	private void update(String user, int count, String region, String org) {
		Response response = this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count
						+ ((region != null) ? ",\"region\":\"" + region + "\"" : "")
						+ ((org != null) ? ",\"org\":\"" + org + "\"" : "") + "}");
		assertThat(response.status()).isEqualTo(200);
	}

}
