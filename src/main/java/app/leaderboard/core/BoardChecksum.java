package app.leaderboard.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The checksum of a board's members (docs/consistency.md, "Checksums"): each member adds
 * a term of its user and total, and the board keeps the sum per bucket of users and over
 * the whole board, in PostgreSQL (V1_71, kept by triggers) and in Redis (kept by the
 * scripts that change the board, checksum.lua). An additive sum lets every write change
 * it by the old term out and the new one in, whatever order the writes come in.
 * <p>
 * Three languages compute it and must agree bit for bit: this class, the SQL functions
 * {@code board_check_key}, {@code board_check_bucket}, {@code board_check_term} and
 * {@code board_check_term_b}, and the Lua of checksum.lua (which takes the user's key
 * from the caller, since Redis's Lua has no SHA-256, and has only doubles: every value
 * here stays below 2^53).
 * <ul>
 * <li>The user's key: the first 48 bits of SHA-256 of the id (the digest that
 * {@code user_digest} and the erasure tombstones use, so an erased id's bucket is known
 * from its tombstone).</li>
 * <li>The bucket: the key's top 10 bits on a global board ({@value #GLOBAL_BUCKETS}
 * buckets), top 6 on a region's or organisation's ({@value #SCOPED_BUCKETS}: thousands of
 * small boards, each with a small checksum).</li>
 * <li>The terms: two 32-bit integer hashes, each a bijection of a 32-bit slice of the key
 * xor the total (two rounds of xor-shift and multiply), plus one, so that no member ever
 * adds 0: {@link #termA} of the key's bits 0-31, {@link #termB} of its bits 10-41, with
 * another multiplier. The stores keep the sums of each apart (each stays below 2^63 for
 * any board size there can be, so neither SQL's bigint nor Redis's HINCRBY overflows),
 * and a check compares both: 64 bits together ({@link #combine}). A changed total changes
 * both terms of its member, so a single member that differs always shows; several that
 * differ hide only if both sums cancel out, about once in 2^64. The multipliers are below
 * 2^27, so that SQL's bigint never overflows and Lua splits them into 16-bit halves.</li>
 * </ul>
 */
public final class BoardChecksum {

	/** Buckets of a global board. */
	public static final int GLOBAL_BUCKETS = 1024;

	/** Buckets of a region's or organisation's board. */
	public static final int SCOPED_BUCKETS = 64;

	/** The multiplier of {@link #termA} (below 2^27; see the class comment). */
	static final int MULTIPLIER = 73244475;

	/** The multiplier of {@link #termB}. */
	static final int MULTIPLIER_B = 63369013;

	/**
	 * How the two sums make one 64-bit checksum for comparing: {@code a * COMBINE + b},
	 * wrapping (an odd constant: a difference in {@code a} alone never cancels).
	 */
	static final long COMBINE = 0x9E37_79B9_7F4A_7C15L;

	private static final long LOW_42 = (1L << 42) - 1;

	private static final long LOW_32 = 0xFFFF_FFFFL;

	private BoardChecksum() {
	}

	/** The user's key: the first 48 bits of SHA-256 of the id in UTF-8. */
	public static long key(String userId) {
		return keyOfDigest(sha256(userId));
	}

	/** The key from a digest as {@code user_digest} makes it (an erasure's tombstone). */
	public static long keyOfDigest(byte[] digest) {
		long key = 0;
		for (int i = 0; i < 6; i++) {
			key = (key << 8) | (digest[i] & 0xFF);
		}
		return key;
	}

	/** The user's bucket on a board of that scope. */
	public static int bucket(long key, Scope scope) {
		return (int) (key >>> (scope.global() ? 38 : 42));
	}

	/**
	 * The first and last two-byte prefix of the digests in a bucket: a bucket is a range
	 * of the digest's first 16 bits (how PostgreSQL finds its members).
	 */
	public static byte[][] digestPrefixes(int bucket, Scope scope) {
		int shift = scope.global() ? 6 : 10;
		int first = bucket << shift;
		int last = first | ((1 << shift) - 1);
		return new byte[][] { { (byte) (first >>> 8), (byte) first }, { (byte) (last >>> 8), (byte) last } };
	}

	/** Buckets of a board of that scope. */
	public static int buckets(Scope scope) {
		return scope.global() ? GLOBAL_BUCKETS : SCOPED_BUCKETS;
	}

	/**
	 * What one member with that total adds to its board's and bucket's checksum, as a
	 * check compares it: both terms combined ({@link #combine}). Sums of it wrap, as the
	 * combination of the stores' two sums does.
	 */
	public static long term(long key, long total) {
		return combine(termA(key, total), termB(key, total));
	}

	/** The first sum's term: of the key's bits 0-31 and the total, 1 to 2^32. */
	public static long termA(long key, long total) {
		return mix((int) ((key ^ total) & LOW_32), MULTIPLIER);
	}

	/** The second sum's term: of the key's bits 10-41 and the total, 1 to 2^32. */
	public static long termB(long key, long total) {
		return mix((int) (((key >>> 10) ^ total) & LOW_32), MULTIPLIER_B);
	}

	/** The checksum a check compares, from a store's two sums. */
	public static long combine(long sumA, long sumB) {
		return sumA * COMBINE + sumB;
	}

	private static long mix(int value, int multiplier) {
		int x = value;
		x = (x ^ (x >>> 16)) * multiplier;
		x = (x ^ (x >>> 16)) * multiplier;
		x = x ^ (x >>> 16);
		return Integer.toUnsignedLong(x) + 1;
	}

	/**
	 * What the Lua scripts take for a member: its bucket on that board and its key's low
	 * 42 bits in one number, {@code bucket * 2^42 + low}, below 2^52 (exact in Lua's
	 * doubles).
	 */
	public static String scriptId(long key, Scope scope) {
		return Long.toString(((long) bucket(key, scope) << 42) | (key & LOW_42));
	}

	private static byte[] sha256(String userId) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
