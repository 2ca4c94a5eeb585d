package app.leaderboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The checksum's terms, buckets and digest ranges in Java; that SQL and Lua agree with
 * them is BoardChecksumsIntegrationTests' and RedisChecksumsIntegrationTests'.
 */
class BoardChecksumTests {

	@Test
	void termsAreThoseOfTheDefinition() {
		// worked out independently (Lua in redis-cli and a plpgsql function gave the
		// same)
		assertThat(BoardChecksum.termA(0, 0)).isEqualTo(1);
		assertThat(BoardChecksum.termA(4294967295L, 1)).isEqualTo(1199205818L);
		assertThat(BoardChecksum.termA(123456789, 268435455)).isEqualTo(942060676L);
		assertThat(BoardChecksum.termA(2147483648L, 5)).isEqualTo(392099725L);
		// only the key's low 32 bits take part in the first term
		assertThat(BoardChecksum.termA((7L << 32) | 123456789, 268435455)).isEqualTo(942060676L);
		// the second takes bits 10-41: another key with the same low 32 bits differs
		// there
		assertThat(BoardChecksum.termB(0, 0)).isEqualTo(1);
		assertThat(BoardChecksum.termB((7L << 32) | 123456789, 268435455))
			.isNotEqualTo(BoardChecksum.termB(123456789, 268435455));
		// what a check compares: both, combined
		assertThat(BoardChecksum.term(123456789, 268435455))
			.isEqualTo(BoardChecksum.combine(942060676L, BoardChecksum.termB(123456789, 268435455)));
	}

	@Test
	void aTotalChangesTheTermAndNoTermIsZero() {
		Random random = new Random(3);
		for (int i = 0; i < 100_000; i++) {
			long key = random.nextLong() & 0xFFFF_FFFF_FFFFL;
			long total = 1 + random.nextInt(1 << 28);
			long a = BoardChecksum.termA(key, total);
			long b = BoardChecksum.termB(key, total);
			assertThat(a).isBetween(1L, 1L << 32);
			assertThat(b).isBetween(1L, 1L << 32);
			// bijections of (key xor total): another total never gives the same terms
			assertThat(BoardChecksum.termA(key, total + 1)).isNotEqualTo(a);
			assertThat(BoardChecksum.termB(key, total + 1)).isNotEqualTo(b);
		}
	}

	@Test
	void theKeyIsTheFirst48BitsOfTheDigest() {
		// SHA-256("alice") =
		// 2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90
		assertThat(BoardChecksum.key("alice")).isEqualTo(0x2bd806c97f0eL);
		assertThat(BoardChecksum
			.keyOfDigest(HexFormat.of().parseHex("2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90")))
			.isEqualTo(0x2bd806c97f0eL);
		assertThat(BoardChecksum.bucket(0x2bd806c97f0eL, Scope.GLOBAL)).isEqualTo(0x2bd8 >>> 6);
		assertThat(BoardChecksum.bucket(0x2bd806c97f0eL, Scope.region("eu"))).isEqualTo(0x2bd8 >>> 10);
		assertThat(BoardChecksum.scriptId(0x2bd806c97f0eL, Scope.GLOBAL))
			.isEqualTo(Long.toString(((long) (0x2bd8 >>> 6) << 42) | (0x2bd806c97f0eL & ((1L << 42) - 1))));
	}

	@Test
	void aBucketIsARangeOfTheDigestsFirstTwoBytes() {
		Random random = new Random(5);
		for (Scope scope : new Scope[] { Scope.GLOBAL, Scope.org("acme") }) {
			for (int i = 0; i < 10_000; i++) {
				long key = random.nextLong() & 0xFFFF_FFFF_FFFFL;
				int bucket = BoardChecksum.bucket(key, scope);
				assertThat(bucket).isBetween(0, BoardChecksum.buckets(scope) - 1);
				byte[][] range = BoardChecksum.digestPrefixes(bucket, scope);
				int prefix = (int) (key >>> 32);
				assertThat(prefix).isBetween(((range[0][0] & 0xFF) << 8) | (range[0][1] & 0xFF),
						((range[1][0] & 0xFF) << 8) | (range[1][1] & 0xFF));
			}
			byte[][] last = BoardChecksum.digestPrefixes(BoardChecksum.buckets(scope) - 1, scope);
			assertThat(last[1]).containsExactly((byte) 0xFF, (byte) 0xFF);
		}
	}

}
