package app.leaderboard.league;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

import static app.leaderboard.league.LeagueTestSupport.entries;
import static app.leaderboard.league.LeagueTestSupport.group;
import static app.leaderboard.league.LeagueTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Erased means gone" for the cached league listings: a read that built a group's listing
 * from PostgreSQL before an erasure (or a hide) and stores it after must not leave the
 * user on the listing for the reads that start after the erasure's 200. The read is held
 * between PostgreSQL and Redis by a latch ({@link PausingLeagues}), so the interleaving
 * is the same on every run.
 */
@TestPropertySource(properties = { "leaderboard.league.size=3", "leaderboard.league.tiers=bronze,silver,gold",
		"leaderboard.league.promote=1", "leaderboard.league.demote=1" })
@Import(LeagueListingRaceIntegrationTests.Pausing.class)
class LeagueListingRaceIntegrationTests extends IntegrationTestBase {

	@Autowired
	PausingLeagues leagues;

	@AfterEach
	void release() {
		this.leagues.pauseNext(null);
	}

	@Test
	void aListingBuiltBeforeAnErasureIsNotCachedAfterIt() throws Exception {
		assertNotCachedAfter(() -> this.api.delete(API_ADMIN + "/users/b", admin()));
	}

	@Test
	void aListingBuiltBeforeAHideIsNotCachedAfterIt() throws Exception {
		assertNotCachedAfter(() -> this.api.post(API_ADMIN + "/users/b/hide", null, admin()));
	}

	private void assertNotCachedAfter(java.util.function.Supplier<Response> removal) throws Exception {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		Pause pause = new Pause();
		this.leagues.pauseNext(pause);

		// a read that misses the cache builds the listing from PostgreSQL, b on it, and
		// stops before storing it
		CompletableFuture<Response> early = CompletableFuture.supplyAsync(() -> group(this.api, "bronze", 1));
		assertThat(pause.built.await(30, TimeUnit.SECONDS)).as("the read reached the put").isTrue();

		assertThat(removal.get().status()).isEqualTo(200);
		pause.go.countDown();
		assertThat(early.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);

		// every read that starts after the 200, from the cache or not, leaves b out
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:1");
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:1");
	}

	static final String API_ADMIN = LeagueTestSupport.API + "/admin";

	/** Where one read waits: after its listing is built, before it is stored. */
	static final class Pause {

		final CountDownLatch built = new CountDownLatch(1);

		final CountDownLatch go = new CountDownLatch(1);

	}

	/**
	 * The service's league listings in Redis, with a read that can be held at its put.
	 */
	static class PausingLeagues extends RedisLeagues {

		private volatile Pause next;

		PausingLeagues(RedisConnector connector, RedisGuard guard, RedisKeys keys, java.time.Clock clock) {
			super(connector, guard, keys, clock);
		}

		void pauseNext(Pause pause) {
			Pause previous = this.next;
			this.next = pause;
			if (previous != null) {
				previous.go.countDown();
			}
		}

		@Override
		public GroupRead putGroup(PeriodInstance season, int tier, int group, String generation, String meta,
				List<String[]> members) {
			Pause pause = this.next;
			if (pause != null) {
				this.next = null;
				pause.built.countDown();
				try {
					pause.go.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.putGroup(season, tier, group, generation, meta, members);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Pausing {

		@Bean
		@Primary
		PausingLeagues pausingLeagues(RedisConnector connector, RedisGuard guard, RedisKeys keys,
				java.time.Clock clock) {
			return new PausingLeagues(connector, guard, keys, clock);
		}

	}

}
