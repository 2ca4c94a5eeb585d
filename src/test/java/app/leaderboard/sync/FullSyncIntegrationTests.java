package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import java.util.concurrent.atomic.AtomicBoolean;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.Load;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;

/**
 * Full syncs, several at once (as from several instances: they share the Redis lock),
 * while writers write and readers read. Readers must never see a board that is empty,
 * smaller than before, or with a total lower than one they saw already; and afterwards
 * Redis equals PostgreSQL equals the acknowledged updates.
 */
class FullSyncIntegrationTests extends IntegrationTestBase {

	private static final int SEEDED = 3_000;

	@Autowired
	Periods periods;

	@Test
	void syncsWhileWritersWriteNeverShowAPartialBoardAndLoseNothing() throws Exception {
		seed();
		Response first = this.api.post("/api/redis-leaderboard/admin/sync", null, admin());
		assertThat(first.status()).as(first.text()).isEqualTo(200);
		// hot users: half of them new, so their first update may land during a build
		List<String> hot = IntStream.range(0, 16).mapToObj((i) -> (i % 2 == 0) ? "seed" + i : "new" + i).toList();
		Map<String, Long> seededTotals = new HashMap<>();
		hot.forEach((user) -> seededTotals.put(user, user.startsWith("seed") ? seedTotal(user) : 0L));

		ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
		ExecutorService workers = Executors.newFixedThreadPool(5);
		Load load = new Load(this.api, hot, 4).start();
		List<Future<?>> readers = new ArrayList<>();
		AtomicBoolean reading = new AtomicBoolean(true);
		for (int r = 0; r < 2; r++) {
			readers.add(workers.submit(() -> read(reading, violations)));
		}
		List<Future<Response>> syncs = new ArrayList<>();
		try {
			runSyncs(syncs, workers);
		}
		finally {
			// a failed sync must not leave writers and readers running into the next test
			// class, which shares the embedded servers
			load.stop();
			reading.set(false);
			workers.shutdown();
		}
		for (Future<?> reader : readers) {
			reader.get();
		}

		assertThat(violations).isEmpty();
		assertThat(load.failedAttempts()).isZero();
		Map<String, Long> expected = new HashMap<>();
		load.acknowledged().forEach((user, total) -> expected.put(user, seededTotals.get(user) + total));
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);
		Map<String, Long> daily = consistency.postgres(this.periods.current(Period.DAILY));
		hot.forEach((user) -> assertThat(daily.getOrDefault(user, 0L)).as(user).isEqualTo(expected.get(user)));
		consistency.awaitEqual(Duration.ofSeconds(20));
	}

	@Test
	void aSyncBuildsTheBoardsAndTheUserCacheSideBySideAndEndsEqualToPostgresWhileUsersMove() throws Exception {
		seed();
		// writers that also move users between regions and organisations: a sync builds
		// the global, regional and organisational boards and the user cache at once
		List<String> movers = IntStream.range(0, 24).mapToObj((i) -> "mover" + i).toList();
		// every region and organisation used once first, one update at a time: the first
		// updates that name new scopes at once can deadlock registering them (each
		// inserts
		// its scopes in its own order), which is not what this test is about
		for (int i = 0; i < Load.REGIONS.size(); i++) {
			Response first = this.api.post("/api/redis-leaderboard/update",
					"{\"user_id\":\"first" + i + "\",\"count\":1,\"region\":\"" + Load.REGIONS.get(i) + "\",\"org\":\""
							+ Load.ORGS.get(i % Load.ORGS.size()) + "\"}");
			assertThat(first.status()).as(first.text()).isEqualTo(200);
		}
		Load load = new Load(this.api, movers, 4).withScopes().start();
		TestApi syncer = this.api.waitingUpTo(Duration.ofMinutes(2));
		try {
			for (int i = 0; i < 4; i++) {
				Response sync = syncer.post("/api/redis-leaderboard/admin/sync", null, admin());
				assertThat(sync.status()).as(sync.text()).isEqualTo(200);
				assertThat(sync.body()).extractingPath("$.users_synced")
					.asNumber()
					.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
					.isGreaterThanOrEqualTo(SEEDED);
			}
		}
		finally {
			load.stop();
		}

		assertThat(load.failedAttempts()).isZero();
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(20));
		// the user cache, built beside the boards: every bucket loaded, every user in it
		// (counted per bucket, as on a cluster)
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.redis.usersLoaded()).isTrue();
			assertThat(this.redis.cachedUsers())
				.isEqualTo(this.jdbc.queryForObject("select count(*) from users", Long.class));
		});
	}

	private void runSyncs(List<Future<Response>> syncs, ExecutorService workers) throws Exception {
		// each sync waits for the others' board locks: nine in a row on a loaded machine
		// (or on a cluster's six servers) can outlast the usual 30 s client timeout
		TestApi syncer = this.api.waitingUpTo(Duration.ofMinutes(5));
		for (int s = 0; s < 3; s++) {
			syncs.add(workers.submit(() -> {
				Response last = null;
				for (int i = 0; i < 3; i++) {
					last = syncer.post("/api/redis-leaderboard/admin/sync", null, admin());
				}
				return last;
			}));
		}
		for (Future<Response> sync : syncs) {
			assertThat(sync.get().status()).isEqualTo(200);
			assertThat(sync.get().body()).extractingPath("$.users_synced")
				.asNumber()
				.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
				.isGreaterThanOrEqualTo(SEEDED);
		}
	}

	/**
	 * Reads the top of the board over and over, and notes anything that went backwards.
	 */
	private void read(AtomicBoolean reading, ConcurrentLinkedQueue<String> violations) {
		long members = SEEDED;
		Map<String, Long> seen = new HashMap<>();
		while (reading.get()) {
			Response response = this.api.get("/api/redis-leaderboard/daily?limit=40");
			JsonNode page = response.json();
			if (response.status() != 200 || page.get("entries").isEmpty()) {
				violations.add("an empty or failed read: " + response.status());
				continue;
			}
			long total = page.get("total").longValue();
			if (total < members) {
				violations
					.add("the board shrank from " + members + " to " + total + " members (" + response.source() + ")");
			}
			members = Math.max(members, total);
			for (JsonNode entry : page.get("entries")) {
				String user = entry.get("user_id").stringValue();
				long score = entry.get("score").longValue();
				Long before = seen.put(user, score);
				if (before != null && score < before) {
					violations
						.add(user + " went back from " + before + " to " + score + " (" + response.source() + ")");
				}
			}
		}
	}

	/** Seeded users' totals: 1 to 50, with many ties. */
	private static long seedTotal(String user) {
		return 1 + Integer.parseInt(user.substring(4)) % 50;
	}

	private void seed() {
		this.jdbc.update(
				"insert into users (user_id, version, created_at, updated_at) "
						+ "select 'seed' || n, 1, ?::timestamptz, ?::timestamptz from generate_series(0, ?) n",
				"2026-11-25T09:00:00Z", "2026-11-25T09:00:00Z", SEEDED - 1);
		this.periods.currentAll().values().forEach((instance) -> {
			this.jdbc.update(
					"insert into period_totals (period, period_start, user_id, total, reached_at) "
							+ "select ?, ?, 'seed' || n, 1 + n % 50, ?::timestamptz from generate_series(0, ?) n",
					instance.period().id(), instance.startDate(), "2026-11-25T09:00:00Z", SEEDED - 1);
			// board sizes are summed over shards: one shard can hold all seeded members
			this.jdbc.update("insert into board_sizes (period, period_start, shard, members) values (?, ?, 0, ?) "
					+ "on conflict (period, period_start, scope, shard) do update set members = board_sizes.members + ?",
					instance.period().id(), instance.startDate(), SEEDED, SEEDED);
		});
	}

}
