package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A replica's lag from the primary's positions sampled once a second: the age of the
 * oldest sample it has not replayed.
 */
class ReplicaLagTests {

	private static final long SECOND = 1_000_000_000L;

	private final ReplicaLag lag = new ReplicaLag(Duration.ofSeconds(10));

	@Test
	void aReplicaThatHoldsTheLastSampleIsNotBehind() {
		this.lag.primaryAt(0, 100);
		this.lag.primaryAt(SECOND, 200);
		assertThat(this.lag.behind(SECOND, 200)).isZero();
		assertThat(this.lag.behind(SECOND, 250)).isZero();
	}

	@Test
	void anIdlePrimaryDoesNotMakeAReplicaInStepLookBehind() {
		for (int i = 0; i <= 8; i++) {
			this.lag.primaryAt(i * SECOND, 100);
		}
		assertThat(this.lag.behind(8 * SECOND, 100)).isZero();
	}

	@Test
	void aReplicaThatStoppedIsAsFarBehindAsTheFirstPositionItLacks() {
		this.lag.primaryAt(0, 100);
		this.lag.primaryAt(SECOND, 200);
		this.lag.primaryAt(2 * SECOND, 300);
		this.lag.primaryAt(3 * SECOND, 400);
		assertThat(this.lag.behind(3 * SECOND, 100)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.lag.behind(3 * SECOND, 399)).isZero();
	}

	@Test
	void samplesOlderThanTheWindowGoButTheLagStillShowsPastIt() {
		for (int i = 0; i <= 30; i++) {
			this.lag.primaryAt(i * SECOND, 100 + i);
		}
		// behind every sample kept: at least the window
		assertThat(this.lag.behind(30 * SECOND, 50)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
	}

}
