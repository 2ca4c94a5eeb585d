package app.leaderboard.store.redis.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Membership;
import app.leaderboard.core.UserRow;
import app.leaderboard.store.redis.board.UserRecord;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.RawRedisTestBase;

/**
 * A user cache build writes a batch with one HMGET and one HSET (users_build_add.lua),
 * and still never replaces a newer version that an update wrote into the build key while
 * the build ran.
 */
class UsersBuildIntegrationTests extends RawRedisTestBase {

	private static final Instant UPDATED = Instant.parse("2026-11-25T09:00:00Z");

	@Autowired
	RedisBuilds builds;

	@Test
	void aBatchKeepsNewerVersionsUpdatesWroteMeanwhileAndAddsTheRest() {
		Set<Integer> all = IntStream.range(0, RedisKeys.USER_BUCKETS).boxed().collect(Collectors.toSet());
		RowBuild<UserRow> build = this.builds.usersBuild(all);
		// while the build runs, updates write "newer" at version 9 and "older" at 2 into
		// the build key (user_touch.lua); the snapshot holds version 5 of both
		this.raw.commands().hset(this.keys.usersBucketBuild(RedisKeys.userBucket("newer")), "newer", record(9));
		this.raw.commands().hset(this.keys.usersBucketBuild(RedisKeys.userBucket("older")), "older", record(2));

		for (int i = 0; i < 2_500; i++) {
			build.add(new UserRow("user" + i, 5, UPDATED, Membership.NONE));
		}
		build.add(new UserRow("newer", 5, UPDATED, Membership.NONE));
		build.add(new UserRow("older", 5, UPDATED, Membership.NONE));

		assertThat(build.complete()).isEqualTo(2_502);
		assertThat(version("newer")).isEqualTo(9);
		assertThat(version("older")).isEqualTo(5);
		for (int i = 0; i < 2_500; i += 97) {
			assertThat(version("user" + i)).as("user" + i).isEqualTo(5);
		}
	}

	private static String record(long version) {
		return new UserRecord(version, UPDATED, Membership.NONE).encode();
	}

	private long version(String userId) {
		String value = this.raw.commands().hget(this.keys.usersBucket(RedisKeys.userBucket(userId)), userId);
		return UserRecord.decode(value).version();
	}

}
