package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.Period;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.TestApi.Response;

/**
 * Reads of things that do not exist cost nothing lasting (docs/api.md, "Unknown users and
 * unused scopes"): a region or organisation never used is an empty board that loads no
 * key and writes no row, and a flood of made-up user ids neither reaches PostgreSQL
 * beyond a small budget nor takes the fallback's bulkhead from real readers. The bulkhead
 * is one read wide and refuses at once here, so any read of the flood that took it would
 * turn a real one away.
 */
@TestPropertySource(properties = { "leaderboard.fallback-concurrency=1", "leaderboard.fallback-queue-wait=0ms" })
class UnknownReadsIntegrationTests extends ReadsTestBase {

	@Autowired
	private MeterRegistry meters;

	@Test
	void readsOfUnusedRegionsAndOrganisationsLeaveNoKeyAndNoRow() {
		this.api.post(API + "/update", "{\"user_id\":\"alice\",\"count\":2,\"region\":\"eu\",\"org\":\"acme\"}");
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(20));
		Set<String> keysBefore = boardKeys();
		Map<String, Object> rowsBefore = rows();

		List<String> names = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			String name = "unused-" + i;
			names.add(name);
			String scope = ((i % 2 == 0) ? "region=" : "org=") + name;
			String path = switch (i % 5) {
				case 0 -> "/daily?" + scope;
				case 1 -> "/weekly?date=2026-11-18&" + scope;
				case 2 -> "/user/alice/rank/monthly?" + scope;
				case 3 -> "/user/alice/around/daily?date=2026-11-24&" + scope;
				default -> "/yearly/users?ids=alice,nobody&" + scope;
			};
			Response response = this.api.get(API + path);
			assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
			if (i % 5 == 0) {
				assertThat(response.body()).extractingPath("$.total").isEqualTo(0);
				assertThat(response.body()).extractingPath("$.entries").asArray().isEmpty();
			}
			if (i % 5 == 2) {
				assertThat(response.body()).extractingPath("$.rank").isNull();
				assertThat(response.body()).extractingPath("$.total").isEqualTo(0);
			}
		}
		assertThat(this.api.get(API + "/user/nobody/rank/daily?region=unused-0").status()).isEqualTo(404);

		assertThat(boardKeys()).isEqualTo(keysBefore);
		assertThat(allKeys()).noneMatch((key) -> names.stream().anyMatch(key::contains));
		assertThat(rows()).isEqualTo(rowsBefore);
		// a scope that is used is loaded and served from Redis as before
		Response eu = this.api.get(API + "/daily?region=eu");
		assertThat(eu.body()).extractingPath("$.total").isEqualTo(1);
	}

	@Test
	void aFloodOfUnknownUserIdsNeitherReachesPostgresNorTurnsRealReadersAway() throws Exception {
		// alice scored two weeks ago: her rank on that board is read from PostgreSQL,
		// through the bulkhead
		this.clock.set("2026-11-11T09:00:00Z");
		this.api.update("alice", 3);
		this.clock.set("2026-11-25T10:15:00Z");
		this.api.update("alice", 1);
		String old = API + "/user/alice/rank/daily?date=2026-11-11";
		assertThat(this.api.get(old).source()).isEqualTo("postgres");
		double lookupsBefore = lookups();
		double refusedBefore = this.meters.get("leaderboard.reads.fallback.refused").counter().count();

		ExecutorService flood = Executors.newFixedThreadPool(16);
		AtomicBoolean flooding = new AtomicBoolean(true);
		Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
		Map<Integer, AtomicInteger> realStatuses = new ConcurrentHashMap<>();
		long started = System.nanoTime();
		try {
			Future<?> real = Executors.newSingleThreadExecutor().submit(() -> {
				while (flooding.get()) {
					count(realStatuses, this.api.get(old).status());
					count(realStatuses, this.api.get(API + "/user/alice").status());
				}
			});
			List<Future<?>> reads = new ArrayList<>();
			for (int i = 0; i < 2_000; i++) {
				String id = "ghost-" + UUID.randomUUID().toString().substring(0, 12);
				String path = switch (i % 4) {
					case 0, 1 -> "/user/" + id;
					case 2 -> "/user/" + id + "/rank/" + Period.DAILY.id();
					default -> "/user/" + id + "/around/weekly";
				};
				reads.add(flood.submit(() -> count(floodStatuses, this.api.get(API + path).status())));
			}
			for (Future<?> read : reads) {
				read.get();
			}
			flooding.set(false);
			real.get();
		}
		finally {
			flooding.set(false);
			flood.shutdown();
		}
		double seconds = (System.nanoTime() - started) / 1e9;

		assertThat(floodStatuses.keySet()).containsExactly(404);
		assertThat(floodStatuses.get(404).get()).isEqualTo(2_000);
		assertThat(realStatuses.keySet()).as("statuses of real readers: %s", realStatuses).containsExactly(200);
		assertThat(this.meters.get("leaderboard.reads.fallback.refused").counter().count()).isEqualTo(refusedBefore);
		// the lookup budget: a full bucket, then its refill while the flood lasted
		double budget = KnownUsers.LOOKUPS_PER_SECOND * (1 + Math.ceil(seconds));
		assertThat(lookups() - lookupsBefore).as("PostgreSQL lookups in %.1f s", seconds).isLessThanOrEqualTo(budget);
		System.out.printf("2000 unknown ids in %.1f s: %.0f PostgreSQL lookups, real reads %s%n", seconds,
				lookups() - lookupsBefore, realStatuses);
	}

	private static void count(Map<Integer, AtomicInteger> statuses, int status) {
		statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
	}

	private double lookups() {
		return this.meters.get("leaderboard.reads.user.lookups").counter().count();
	}

	private Set<String> boardKeys() {
		return new TreeSet<>(this.raw.commands().keys(this.keys.prefix() + "board:*"));
	}

	private List<String> allKeys() {
		return this.raw.commands().keys(this.keys.prefix() + "*");
	}

	/** Rows of every table a read could write. */
	private Map<String, Object> rows() {
		return this.jdbc.queryForMap("select (select count(*) from scopes) scopes, (select count(*) from users) users, "
				+ "(select count(*) from period_totals) totals, (select count(*) from board_sizes) sizes, "
				+ "(select count(*) from outbox) outbox");
	}

}
