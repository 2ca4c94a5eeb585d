import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The baseline for the full-sync benchmark: a one-user-at-a-time sync, as a simple script
 * would write it. It reads the same rows as the service's rebuild (the four current boards,
 * then the users) with the same fetch size, but sends one command per row and waits for
 * each reply: one round trip per member. It writes under its own key prefix and stops after
 * a time limit, printing the rows it wrote and its rate.
 *
 * <p>
 * Run: {@code java -cp "target/classes:$(cat target/bench-classpath.txt)" bench/java/NaiveSync.java
 * JDBC_URL REDIS_URL SECONDS}
 */
public class NaiveSync {

	public static void main(String[] args) throws Exception {
		String jdbcUrl = args[0];
		String redisUrl = args[1];
		long seconds = Long.parseLong(args[2]);
		RedisKeys keys = new RedisKeys("naive:");
		Periods periods = new Periods(Clock.systemUTC(), ZoneOffset.UTC);
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long rows = 0;
		long started = System.nanoTime();
		RedisClient client = RedisClient.create(redisUrl);
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
				StatefulRedisConnection<String, String> connection = client.connect()) {
			db.setAutoCommit(false);
			RedisCommands<String, String> redis = connection.sync();
			outer: for (Period period : Period.values()) {
				PeriodInstance instance = periods.current(period);
				try (PreparedStatement ps = db.prepareStatement(
						"select user_id, total, reached_at from period_totals where period = ? and period_start = ?")) {
					ps.setFetchSize(5000);
					ps.setString(1, period.id());
					ps.setObject(2, instance.startDate());
					try (ResultSet rs = ps.executeQuery()) {
						while (rs.next()) {
							Instant reached = rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
							redis.zadd(keys.board(instance), BoardScore.encode(rs.getLong(2), reached, instance),
									rs.getString(1));
							rows++;
							if ((rows & 1023) == 0 && System.nanoTime() > deadline) {
								break outer;
							}
						}
					}
				}
			}
			if (System.nanoTime() < deadline) {
				try (PreparedStatement ps = db.prepareStatement("select user_id, version, updated_at from users")) {
					ps.setFetchSize(5000);
					try (ResultSet rs = ps.executeQuery()) {
						while (rs.next()) {
							Instant updated = rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
							String user = rs.getString(1);
							redis.hset(keys.usersBucket(RedisKeys.userBucket(user)), user,
									rs.getLong(2) + ":" + updated.toEpochMilli());
							rows++;
							if ((rows & 1023) == 0 && System.nanoTime() > deadline) {
								break;
							}
						}
					}
				}
			}
			double elapsed = (System.nanoTime() - started) / 1e9;
			System.out.printf(java.util.Locale.ROOT, "naive_rows %d%nnaive_seconds %.3f%nnaive_rows_per_second %.0f%n",
					rows, elapsed, rows / elapsed);
			// leave nothing behind
			for (Period period : Period.values()) {
				redis.unlink(keys.board(periods.current(period)));
			}
			for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
				redis.unlink(keys.usersBucket(bucket));
			}
		}
		finally {
			client.shutdown();
		}
	}

}
