package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import app.leaderboard.config.NearCacheProperties;

/** What the near cache keeps and gives back, and the bound on its memory. */
class NearCacheTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aPageIsGivenOnlyUnderTheGenerationItWasKeptWith() {
		NearCache near = new NearCache(new NearCacheProperties(true, 1), this.meters);
		NearCache.Key key = new NearCache.Key("daily:2026-11-25", 10, 0);
		near.put(key, "17/4", new byte[] { 1, 2 });
		assertThat(near.get(key, "17/4")).containsExactly(1, 2);
		assertThat(near.get(key, "18/4")).isNull();
		assertThat(near.get(key, "17/5")).isNull();
		assertThat(near.get(new NearCache.Key("daily:2026-11-25", 10, 1), "17/4")).isNull();
		assertThat(near.get(new NearCache.Key("daily:2026-11-25:region:eu", 10, 0), "17/4")).isNull();
		assertThat(this.meters.counter("leaderboard.reads.near.hits").count()).isEqualTo(1);
		assertThat(this.meters.counter("leaderboard.reads.near.misses").count()).isEqualTo(4);
	}

	@Test
	void onlyTheFirstPagesAreKeptAndOnlyWhileItIsOn() {
		assertThat(new NearCache(new NearCacheProperties(true, 1), this.meters).keeps(NearCache.DEPTH - 1)).isTrue();
		assertThat(new NearCache(new NearCacheProperties(true, 1), this.meters).keeps(NearCache.DEPTH)).isFalse();
		assertThat(new NearCache(new NearCacheProperties(false, 1), this.meters).keeps(0)).isFalse();
	}

	@Test
	void thePagesKeptNeverTakeMoreThanTheBound() {
		NearCache near = new NearCache(new NearCacheProperties(true, 1), this.meters);
		for (int i = 0; i < 500; i++) {
			near.put(new NearCache.Key("daily:2026-11-25", 10 + i, 0), "1/1", new byte[10_000]);
		}
		near.cleanUp();
		assertThat(this.meters.get("leaderboard.reads.near.bytes").gauge().value()).isLessThanOrEqualTo(1024 * 1024)
			.isGreaterThan(512 * 1024);
		assertThat(this.meters.get("leaderboard.reads.near.pages").gauge().value()).isLessThan(105);
	}

}
