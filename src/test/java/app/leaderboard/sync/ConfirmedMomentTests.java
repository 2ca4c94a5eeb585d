package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.leaderboard.store.redis.connection.RedisReplication.Master;

/**
 * The last moment Redis was known healthy: a look is confirmed once its masters' replicas
 * hold what the masters had written by then; while they lag, lose a replica or do not
 * answer, the moment stays where it was, and other masters are a topology change.
 */
class ConfirmedMomentTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private final ConfirmedMoment moment = new ConfirmedMoment(START);

	@Test
	void aMasterWithoutReplicasIsConfirmedAtEachLook() {
		assertThat(this.moment.looked(at(1), List.of(new Master("a", 100, 0, 100)))).isTrue();
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		assertThat(this.moment.looked(at(2), List.of(new Master("a", 150, 0, 150)))).isTrue();
		assertThat(this.moment.confirmed()).isEqualTo(at(2));
	}

	@Test
	void aLookIsConfirmedOnceTheReplicasHoldWhatTheMasterHadWrittenThen() {
		this.moment.looked(at(1), List.of(new Master("a", 100, 1, 100)));
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		// writes at 2 and 3 not acknowledged by the replica yet
		this.moment.looked(at(2), List.of(new Master("a", 200, 1, 150)));
		this.moment.looked(at(3), List.of(new Master("a", 300, 1, 190)));
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		// the replica confirms 250: what the master had at 2, not yet at 3
		this.moment.looked(at(4), List.of(new Master("a", 320, 1, 250)));
		assertThat(this.moment.confirmed()).isEqualTo(at(2));
		this.moment.looked(at(5), List.of(new Master("a", 320, 1, 320)));
		assertThat(this.moment.confirmed()).isEqualTo(at(5));
	}

	@Test
	void aMasterThatLostItsReplicaHoldsTheMomentBack() {
		this.moment.looked(at(1), List.of(new Master("a", 100, 1, 100), new Master("b", 50, 0, 50)));
		// the replica went away: it may come back promoted, with what it had at 1
		this.moment.looked(at(2), List.of(new Master("a", 200, 0, 200), new Master("b", 60, 0, 60)));
		this.moment.looked(at(3), List.of(new Master("a", 300, 0, 300), new Master("b", 70, 0, 70)));
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		this.moment.looked(at(4), List.of(new Master("a", 300, 1, 300), new Master("b", 70, 0, 70)));
		assertThat(this.moment.confirmed()).isEqualTo(at(4));
	}

	@Test
	void aReplicaAwayLongerThanAnyPromotionAllowsNoLongerCounts() {
		this.moment.looked(at(1), List.of(new Master("a", 100, 1, 100)));
		this.moment.looked(at(2), List.of(new Master("a", 200, 0, 200)));
		this.moment.looked(at(601), List.of(new Master("a", 300, 0, 300)));
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		this.moment.looked(at(602), List.of(new Master("a", 300, 0, 300)));
		assertThat(this.moment.confirmed()).isEqualTo(at(602));
	}

	@Test
	void otherMastersAreATopologyChangeAndTheMomentStaysUntilTheNewOnesAreConfirmed() {
		this.moment.looked(at(1), List.of(new Master("a", 100, 1, 100)));
		// a replica promoted in a's place: another run id
		assertThat(this.moment.looked(at(5), List.of(new Master("r", 90, 0, 90)))).isFalse();
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		assertThat(this.moment.looked(at(6), List.of(new Master("r", 95, 0, 95)))).isFalse();

		// once repaired, the new topology is looked at afresh
		this.moment.restart();
		assertThat(this.moment.looked(at(7), List.of(new Master("r", 95, 1, 90)))).isTrue();
		assertThat(this.moment.confirmed()).isEqualTo(at(1));
		this.moment.looked(at(8), List.of(new Master("r", 95, 1, 95)));
		assertThat(this.moment.confirmed()).isEqualTo(at(8));
	}

	private static Instant at(int seconds) {
		return START.plusSeconds(seconds);
	}

}
