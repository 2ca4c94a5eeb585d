package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How far a replica must have replayed for a primary's insert position: the position a
 * replica stops at is the end of the last record, which at a page's start is before the
 * page's header, while the insert position is after it (seen on a fresh replica of
 * PostgreSQL 15: insert 0/3000028, replayed 0/3000000).
 */
class WalPositionsTests {

	private static final long SEGMENT = 16 * 1024 * 1024;

	private static final long PAGE = 8192;

	@Test
	void anInsertPositionJustPastASegmentsFirstHeaderIsTheSegmentsStart() {
		assertThat(WalPositions.settled(0x3000028L, SEGMENT, PAGE)).isEqualTo(0x3000000L);
	}

	@Test
	void anInsertPositionJustPastAPagesHeaderIsThePagesStart() {
		assertThat(WalPositions.settled(0x3000000L + 5 * PAGE + 24, SEGMENT, PAGE)).isEqualTo(0x3000000L + 5 * PAGE);
	}

	@Test
	void theEndOfARecordStaysAsItIs() {
		assertThat(WalPositions.settled(0x3016070L, SEGMENT, PAGE)).isEqualTo(0x3016070L);
		// a record continued onto a page ends after the header and some of its bytes
		assertThat(WalPositions.settled(0x3000000L + 5 * PAGE + 40, SEGMENT, PAGE))
			.isEqualTo(0x3000000L + 5 * PAGE + 40);
		assertThat(WalPositions.settled(0x3000000L + 48, SEGMENT, PAGE)).isEqualTo(0x3000000L + 48);
		// 24 bytes into a segment's first page is inside its longer header: never a
		// position
		assertThat(WalPositions.settled(0x3000000L + 32, SEGMENT, PAGE)).isEqualTo(0x3000000L + 32);
	}

}
