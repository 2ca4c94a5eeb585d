package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.mock.http.MockHttpOutputMessage;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.sync.CacheRebuild;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

/**
 * The near cache across instances (docs/consistency.md, "The near cache"): this test's
 * context, A, writes; a second instance, B, on the same PostgreSQL and redis-server, has
 * the first pages cached, and every read B starts after A's answer must show the change.
 * Each test first proves that B serves the page from its near cache (its hit counter
 * moves and the body stays the same), so what follows is a read the cache could have
 * answered with the old page.
 */
@TestPropertySource(properties = NearCacheIntegrationTests.KEY_PREFIX)
class NearCacheIntegrationTests extends RedisProcessTestBase {

	static final String KEY_PREFIX = "leaderboard.key-prefix=lbnear:";

	private static final String BOARD = "/api/redis-leaderboard/";

	private static final String ADMIN = BOARD + "admin/";

	private static ConfigurableApplicationContext instanceB;

	@Autowired
	private CacheRebuild rebuild;

	@Autowired
	private BoardReader reader;

	@Autowired
	private RequestMappingHandlerAdapter adapter;

	private TestApi a;

	private TestApi b;

	@BeforeEach
	void bothInstances() {
		if (instanceB == null) {
			instanceB = startInstance(KEY_PREFIX);
		}
		instanceB.getBean(MutableClock.class).set(MutableClock.DEFAULT);
		this.a = this.api;
		this.b = new TestApi(ServiceInstances.port(instanceB));
	}

	@AfterAll
	static void stopB() {
		instanceB = null;
	}

	@Test
	void aPageIsServedFromTheNearCacheOnlyUnderTheGenerationItWasReadUnder() {
		seed();
		String page = cachedOnB("daily?limit=3");
		assertThat(this.b.get(BOARD + "daily?limit=3").text()).isEqualTo(page);
		// another page of the same board is kept on its own
		assertThat(cachedOnB("daily?limit=2&offset=1")).isNotEqualTo(page);
		// a change behind the service's back moves no generation: the page stays kept
		// until the board's next change or rebuild (here a sync) moves it
		redisServer.call((redis) -> redis.zadd(this.keys.board(this.periods.current(Period.DAILY)), -1e12, "ghost"));
		assertThat(nearHit(() -> this.b.get(BOARD + "daily?limit=3")).text()).isEqualTo(page);
		assertThat(this.a.post(ADMIN + "sync", null, admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily?limit=3").text()).isEqualTo(page).doesNotContain("ghost");
	}

	@Test
	void anUpdateOnOneInstanceIsInTheOtherInstancesNextRead() {
		seed();
		cachedOnB("daily?limit=3");
		cachedOnB("weekly?region=eu");
		update(this.a, "bob", 5, null);
		assertThat(this.b.get(BOARD + "daily?limit=3").entries(" ")).containsExactly("1 bob 7", "2 amy 3", "3 cat 1");
		assertThat(this.b.get(BOARD + "weekly?region=eu").entries(" ")).containsExactly("1 bob 7", "2 amy 3");
		// a new member changes the total of every page
		cachedOnB("monthly?limit=1");
		update(this.a, "dan", 1, null);
		assertThat(this.b.get(BOARD + "monthly?limit=1").body()).extractingPath("$.total").isEqualTo(4);
	}

	@Test
	void aNameChangeOnOneInstanceIsInTheOtherInstancesNextRead() {
		seed();
		cachedOnB("daily?limit=3");
		for (int i = 0; i < 3; i++) {
			String name = "Amy " + i;
			assertThat(this.a
				.method("PUT", BOARD + "user/amy/name", "application/json", "{\"display_name\":\"" + name + "\"}")
				.status()).isEqualTo(200);
			assertThat(this.b.get(BOARD + "daily?limit=3").body()).extractingPath("$.entries[0].display_name")
				.isEqualTo(name);
			cachedOnB("daily?limit=3");
		}
		// a name given with an update
		cachedOnB("weekly?limit=2");
		update(this.a, "bob", 1, ",\"display_name\":\"Bobby\"");
		assertThat(this.b.get(BOARD + "weekly?limit=2").body()).extractingPath("$.entries[1].display_name")
			.isEqualTo("Bobby");
	}

	@Test
	void aNameChangeIsInTheNextReadWhenTheUserCacheHadLostTheUsersBucket() {
		seed();
		// no warm-up on either instance to load the bucket again meanwhile
		holdMaintenance();
		// listings take the names a bucket that is not loaded lacks from PostgreSQL
		redisServer.call((redis) -> redis.del(this.keys.users("amy")));
		renameAmyOnAAfterBKeptHerPage();
	}

	@Test
	void aNameChangeIsInTheNextReadWhenTheUserCacheHadLostTheUsersEntry() {
		seed();
		// the bucket stays loaded without the user's entry (as while a write's own
		// user cache part is missing): listings take the name from PostgreSQL
		redisServer.call((redis) -> redis.hdel(this.keys.users("amy"), "amy"));
		renameAmyOnAAfterBKeptHerPage();
	}

	/** B keeps a page with amy's name; a rename on A is in B's next read of it. */
	private void renameAmyOnAAfterBKeptHerPage() {
		update(this.a, "cat", 1, null);
		assertThat(cachedOnB("daily?limit=3")).contains("\"display_name\":\"Amy\"");
		assertThat(this.a.method("PUT", BOARD + "user/amy/name", "application/json", "{\"display_name\":\"Amelia\"}")
			.status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily?limit=3").body()).extractingPath("$.entries[0].display_name")
			.isEqualTo("Amelia");
	}

	@Test
	void hidingUnhidingAndErasingOnOneInstanceAreInTheOtherInstancesNextRead() {
		seed();
		// the relay's later re-apply of each change makes the board's generation anew (a
		// leave deletes it): a page B keeps may then be read again, which is right but
		// is not the near hit this test waits for
		holdMaintenance();
		cachedOnB("daily");
		cachedOnB("daily?region=eu");
		assertThat(this.a.post(ADMIN + "users/amy/hide", null, admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily").entries(" ")).containsExactly("1 bob 2", "2 cat 1");
		assertThat(this.b.get(BOARD + "daily?region=eu").entries(" ")).containsExactly("1 bob 2");
		cachedOnB("daily");
		assertThat(this.a.post(ADMIN + "users/amy/unhide", null, admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily").entries(" ")).containsExactly("1 amy 3", "2 bob 2", "3 cat 1");
		cachedOnB("daily");
		cachedOnB("yearly?region=eu");
		assertThat(this.a.delete(ADMIN + "users/bob", admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily").entries(" ")).containsExactly("1 amy 3", "2 cat 1");
		assertThat(this.b.get(BOARD + "yearly?region=eu").entries(" ")).containsExactly("1 amy 3");
	}

	@Test
	void aMoveAndAResetOnOneInstanceAreInTheOtherInstancesNextRead() {
		seed();
		cachedOnB("weekly?region=eu");
		cachedOnB("weekly?region=us");
		update(this.a, "amy", 1, ",\"region\":\"us\"");
		assertThat(this.b.get(BOARD + "weekly?region=eu").entries(" ")).containsExactly("1 bob 2");
		assertThat(this.b.get(BOARD + "weekly?region=us").entries(" ")).containsExactly("1 amy 4", "2 cat 1");
		cachedOnB("monthly");
		assertThat(this.a.post(ADMIN + "reset/monthly", null, admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "monthly").body()).extractingPath("$.total").isEqualTo(0);
	}

	@Test
	void aMoveAndAnErasureAreInTheNextReadAlsoWhenRedisLostTheBoardButNotItsGeneration() {
		seed();
		// no warm-up loads the boards again: they stay missing, as after an eviction
		holdMaintenance();
		cachedOnB("daily?region=eu");
		cachedOnB("daily");
		redisServer
			.call((redis) -> redis.del(this.keys.board(this.periods.current(Period.DAILY).in(Scope.region("eu"))),
					this.keys.board(this.periods.current(Period.DAILY))));
		update(this.a, "amy", 1, ",\"region\":\"us\"");
		assertThat(this.b.get(BOARD + "daily?region=eu").entries(" ")).containsExactly("1 bob 2");
		assertThat(this.a.delete(ADMIN + "users/bob", admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily").entries(" ")).containsExactly("1 amy 4", "2 cat 1");
	}

	@Test
	void afterAFlushAndARebuildTheOtherInstanceServesTheNewBoard() {
		seed();
		String generation = this.keys.boardGeneration(this.periods.current(Period.DAILY));
		cachedOnB("daily?limit=3");
		String before = redisServer.call((redis) -> redis.get(generation));
		redisServer.flushAll();
		update(this.a, "cat", 4, null);
		assertThat(this.a.post(ADMIN + "sync", null, admin()).status()).isEqualTo(200);
		assertThat(this.b.get(BOARD + "daily?limit=3").entries(" ")).containsExactly("1 cat 5", "2 amy 3", "3 bob 2");
		// made again with a new random value: a page kept before the flush never matches
		String after = redisServer.call((redis) -> redis.get(generation));
		assertThat(after).isNotNull().isNotEqualTo(before);
	}

	@Test
	void afterRedisRestartedEmptyTheOtherInstanceServesTheNewBoard() {
		seed();
		cachedOnB("daily?limit=3");
		redisServer.kill();
		redisServer.restart();
		// the update reaches PostgreSQL, and Redis once A is connected again (else the
		// relay writes it): the board is rebuilt by the sync either way
		Awaitility.await().atMost(CONVERGE).until(() -> this.a.get(BOARD + "daily").status() == 200);
		update(this.a, "cat", 4, null);
		Awaitility.await().atMost(CONVERGE).until(() -> this.a.post(ADMIN + "sync", null, admin()).status() == 200);
		// every read B starts from now on shows the update, first from PostgreSQL while B
		// takes Redis for down, then from Redis and its near cache
		Awaitility.await().atMost(CONVERGE).until(() -> {
			Response page = this.b.get(BOARD + "daily?limit=3");
			assertThat(page.entries(" ")).containsExactly("1 cat 5", "2 amy 3", "3 bob 2");
			return "redis".equals(page.source());
		});
		assertThat(nearHit(() -> this.b.get(BOARD + "daily?limit=3")).entries(" ")).containsExactly("1 cat 5",
				"2 amy 3", "3 bob 2");
	}

	@Test
	void aReadWithoutAGenerationMakesNoneAndKeepsNothingUntilAWriterMakesOne() {
		seed();
		// the relay is a writer too: its re-apply of the seed would make them again
		holdMaintenance();
		PeriodInstance daily = this.periods.current(Period.DAILY);
		String board = this.keys.boardGeneration(daily);
		cachedOnB("daily?limit=3");
		// as after a change whose writer could not make a new one, or a loss of the key
		redisServer.call((redis) -> redis.del(board, this.keys.namesGeneration()));
		double hits = nearHits();
		for (int i = 0; i < 3; i++) {
			assertThat(this.b.get(BOARD + "daily?limit=3").entries(" ")).containsExactly("1 amy 3", "2 bob 2",
					"3 cat 1");
		}
		assertThat(nearHits()).isEqualTo(hits);
		assertThat(generations(board)).isZero();
		// a write makes the board's (the update) and the names' (a name change) again
		update(this.a, "cat", 5, ",\"display_name\":\"Cat\"");
		assertThat(generations(board)).isEqualTo(2);
		assertThat(cachedOnB("daily?limit=3")).contains("\"display_name\":\"Cat\"");
	}

	@Test
	void rankUserAndBoardBodiesAreTheBytesJacksonWrites() {
		update(this.a, "amy", 3, ",\"region\":\"eu\",\"display_name\":\"Am\u00e9lie \\\"\u2603\\\" <b>\"");
		update(this.a, "bob", 2, null);
		PeriodInstance daily = this.periods.current(Period.DAILY);
		HttpMessageConverter<Object> jackson = jackson();
		for (int i = 0; i < 2; i++) {
			// the second board read comes from the near cache
			assertThat(jsonOf(this.a.get(BOARD + "daily?limit=3")))
				.isEqualTo(written(jackson, this.reader.board(daily, 3, 0).value()));
		}
		assertThat(jsonOf(this.a.get(BOARD + "user/amy"))).isEqualTo(written(jackson, this.reader.user("amy").value()));
		assertThat(jsonOf(this.a.get(BOARD + "user/amy/rank/daily")))
			.isEqualTo(written(jackson, this.reader.rank("amy", daily).value()));
		assertThat(jsonOf(this.a.get(BOARD + "user/amy/rank/weekly?region=eu"))).isEqualTo(written(jackson,
				this.reader.rank("amy", this.periods.current(Period.WEEKLY).in(Scope.region("eu"))).value()));
		assertThat(jsonOf(this.a.get(BOARD + "user/bob/rank/weekly")))
			.isEqualTo(written(jackson, this.reader.rank("bob", this.periods.current(Period.WEEKLY)).value()));
	}

	@Test
	void yesterdaysPageIsNotServedForTheNewDay() {
		setBothClocks("2026-11-25T23:59:00Z");
		seed();
		cachedOnB("daily?limit=3");
		setBothClocks("2026-11-26T00:00:30Z");
		Response today = this.b.get(BOARD + "daily?limit=3");
		assertThat(today.body()).extractingPath("$.period_start").isEqualTo("2026-11-26");
		assertThat(today.body()).extractingPath("$.total").isEqualTo(0);
		update(this.a, "cat", 2, null);
		assertThat(this.b.get(BOARD + "daily?limit=3").entries(" ")).containsExactly("1 cat 2");
		// yesterday's board is still there, by date
		assertThat(this.b.get(BOARD + "daily?limit=3&date=2026-11-25").entries(" ")).containsExactly("1 amy 3",
				"2 bob 2", "3 cat 1");
	}

	@Test
	void anEndedBoardsPagesAreNotKeptSoAChangeBehindTheServicesBackShowsAtOnce() {
		setBothClocks("2026-11-25T23:59:00Z");
		seed();
		cachedOnB("daily?limit=3&region=eu");
		setBothClocks("2026-11-26T00:00:30Z");
		PeriodInstance yesterday = this.periods.of(Period.DAILY, LocalDate.parse("2026-11-25"));
		double hits = nearHits();
		for (PeriodInstance board : List.of(yesterday, yesterday.in(Scope.region("eu")))) {
			String page = "daily?limit=3&date=2026-11-25" + (board.scope().equals(Scope.GLOBAL) ? "" : "&region=eu");
			// read twice: an ended board's page is read from Redis each time, never kept
			Response first = this.b.get(BOARD + page);
			assertThat(first.source()).isEqualTo("redis");
			assertThat(this.b.get(BOARD + page).text()).isEqualTo(first.text());
			redisServer.call((redis) -> {
				redis.zadd(this.keys.board(board), BoardScore.encode(9, this.clock.instant(), board), "bob");
				return redis.zrem(this.keys.board(board), "amy");
			});
			Response changed = this.b.get(BOARD + page);
			assertThat(changed.source()).isEqualTo("redis");
			assertThat(changed.entries(" ")).as(page).startsWith("1 bob 9").noneMatch((e) -> e.contains("amy"));
		}
		assertThat(nearHits()).isEqualTo(hits);
	}

	@Test
	void aNameARebuildOfTheUserCacheBringsIsInTheNextRead() {
		seed();
		holdMaintenance();
		// the user cache lost the name (as if a write never reached it) and a page with
		// the lost name is kept
		String users = this.keys.users("amy");
		String record = redisServer.call((redis) -> redis.hget(users, "amy"));
		redisServer.call((redis) -> redis.hset(users, "amy", record.replace(":Amy", ":Ghost")));
		update(this.a, "cat", 1, null);
		assertThat(cachedOnB("daily?limit=3")).contains("\"display_name\":\"Ghost\"");
		// a rebuild of the user cache alone: no board changes
		this.rebuild.rebuildUsers(true, (n) -> {
		});
		assertThat(this.b.get(BOARD + "daily?limit=3").body()).extractingPath("$.entries[0].display_name")
			.isEqualTo("Amy");
	}

	@Test
	void withRedisDownNoKeptPageIsServed() {
		seed();
		cachedOnB("daily?limit=3");
		redisServer.kill();
		double hits = nearHits();
		Response page = answeredWithin(2_000, () -> this.b.get(BOARD + "daily?limit=3"));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.source()).isEqualTo("postgres");
		assertThat(nearHits()).isEqualTo(hits);
	}

	@Test
	void withRedisHungAReadOfAKeptPageGoesToPostgresAfterTheGenerationReadAlone() {
		seed();
		cachedOnB("daily?limit=3");
		MeterRegistry meters = instanceB.getBean(MeterRegistry.class);
		double hits = nearHits();
		double fallbacks = meters.counter("leaderboard.reads.fallback").count();
		double misses = meters.counter("leaderboard.cache.misses").count();
		redisServer.pause();
		try {
			// one Redis timeout (the generation read), then PostgreSQL: asking Redis for
			// the page as well made a read wait out two
			Response page = answeredWithin(2_000, () -> this.b.get(BOARD + "daily?limit=3"));
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.source()).isEqualTo("postgres");
		}
		finally {
			redisServer.resume();
		}
		assertThat(nearHits()).isEqualTo(hits);
		// counted as every read Redis failed is: a miss and a fallback
		assertThat(meters.counter("leaderboard.reads.fallback").count()).isEqualTo(fallbacks + 1);
		assertThat(meters.counter("leaderboard.cache.misses").count()).isEqualTo(misses + 1);
	}

	/** How many of the board's and the names' generations Redis holds. */
	private long generations(String board) {
		Long held = redisServer.call((redis) -> redis.exists(board, this.keys.namesGeneration()));
		return held;
	}

	/** The converter Spring MVC writes other answers with: Jackson's. */
	@SuppressWarnings("unchecked")
	private HttpMessageConverter<Object> jackson() {
		return (HttpMessageConverter<Object>) this.adapter.getMessageConverters()
			.stream()
			.filter((converter) -> !converter.getClass().getSimpleName().equals("JsonBodyConverter"))
			.filter((converter) -> converter.canWrite(UserRank.class, MediaType.APPLICATION_JSON))
			.findFirst()
			.orElseThrow();
	}

	private static String written(HttpMessageConverter<Object> converter, Object value) {
		MockHttpOutputMessage out = new MockHttpOutputMessage();
		try {
			converter.write(value, MediaType.APPLICATION_JSON, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(out.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		return out.getBodyAsString(StandardCharsets.UTF_8);
	}

	private static String jsonOf(Response response) {
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/json");
		return response.text();
	}

	/** amy 3 (eu, named Amy), bob 2 (eu), cat 1 (us); everything loaded in Redis. */
	private void seed() {
		update(this.a, "amy", 3, ",\"region\":\"eu\",\"display_name\":\"Amy\"");
		update(this.a, "bob", 2, ",\"region\":\"eu\"");
		update(this.a, "cat", 1, ",\"region\":\"us\"");
		Awaitility.await()
			.atMost(CONVERGE)
			.until(() -> List
				.of("daily", "weekly", "monthly", "yearly", "daily?region=eu", "weekly?region=eu", "weekly?region=us",
						"yearly?region=eu")
				.stream()
				.allMatch((board) -> "redis".equals(this.b.get(BOARD + board).source())));
		quiet();
	}

	/**
	 * Waits until the background work that follows a start or a reset is done (the user
	 * cache loaded, the outbox relayed), then holds it: its bucket swaps and relay writes
	 * would give up the pages kept, and a test must know what did.
	 */
	private void quiet() {
		Awaitility.await().atMost(CONVERGE).until(() -> outbox() == 0 && redisServer.call((redis) -> {
			for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
				if (!redis.hexists(this.keys.usersBucket(bucket), "#")
						|| redis.exists(this.keys.usersBucketBuild(bucket)) > 0) {
					return false;
				}
			}
			return true;
		}));
		holdMaintenance();
		// a run that took the lease before may still be between a bucket's swap and the
		// names' new generation, or a re-apply and the board's: wait until no generation
		// has changed for a while (a fixed pause was too short on a loaded machine)
		Map<String, String> last = new HashMap<>();
		Awaitility.await()
			.atMost(CONVERGE)
			.pollDelay(Duration.ofMillis(600))
			.pollInterval(Duration.ofMillis(600))
			.until(() -> {
				Map<String, String> now = generations();
				boolean settled = now.equals(last);
				last.clear();
				last.putAll(now);
				return settled;
			});
	}

	/** Every generation key in Redis with its value. */
	private Map<String, String> generations() {
		return redisServer.call((redis) -> {
			Map<String, String> values = new HashMap<>();
			for (String key : redis.keys(this.keys.prefix() + "*")) {
				if (key.endsWith(":gen") || key.equals(this.keys.namesGeneration())) {
					values.put(key, redis.get(key));
				}
			}
			return values;
		});
	}

	/**
	 * Reads a page on B until B keeps it, then once more, which must come from B's near
	 * cache with the same body; returns it.
	 */
	private String cachedOnB(String page) {
		Response first = this.b.get(BOARD + page);
		assertThat(first.status()).isEqualTo(200);
		Response again = nearHit(() -> this.b.get(BOARD + page));
		assertThat(again.source()).isEqualTo("redis");
		assertThat(again.text()).isEqualTo(first.text());
		return again.text();
	}

	private Response nearHit(java.util.function.Supplier<Response> read) {
		double hits = nearHits();
		Response response = read.get();
		assertThat(nearHits()).as("served from B's near cache").isEqualTo(hits + 1);
		return response;
	}

	private double nearHits() {
		return instanceB.getBean(MeterRegistry.class).counter("leaderboard.reads.near.hits").count();
	}

	/**
	 * No relay and no warm-up on either instance until the test ends: the test holds
	 * their lease, as an instance that never runs them would.
	 */
	private void holdMaintenance() {
		String lease = this.keys.prefix() + "lease:{" + JobLease.Jobs.MAINTENANCE + "}";
		redisServer.call((redis) -> redis.set(lease, "held-by-the-test"));
	}

	private void setBothClocks(String instant) {
		this.clock.set(instant);
		instanceB.getBean(MutableClock.class).set(instant);
	}

	private static void update(TestApi api, String user, int count, String extra) {
		Response response = api.post(BOARD + "update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count + ((extra != null) ? extra : "") + "}");
		assertThat(response.status()).as(response.text()).isEqualTo(200);
	}

}
