package app.leaderboard.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Looks for a user id everywhere (an erasure's proof): in every text column of every
 * table of PostgreSQL, and in Redis in every key name, sorted-set member, hash field and
 * value, list element and string value. Returns where it was found.
 */
public final class Traces {

	private Traces() {
	}

	public static List<String> inPostgres(JdbcTemplate jdbc, String userId) {
		List<String> found = new ArrayList<>();
		List<Map<String, Object>> columns = jdbc.queryForList("select table_name, column_name from "
				+ "information_schema.columns where table_schema = 'public' and data_type in ('text', "
				+ "'character varying', 'character')");
		for (Map<String, Object> column : columns) {
			String table = (String) column.get("table_name");
			String name = (String) column.get("column_name");
			Long hits = jdbc.queryForObject(
					"select count(*) from \"" + table + "\" where strpos(\"" + name + "\"::text, ?) > 0", Long.class,
					userId);
			if (hits != null && hits > 0) {
				found.add(table + "." + name + " (" + hits + " rows)");
			}
		}
		return found;
	}

	public static List<String> inRedis(RedisCommands<String, String> redis, String userId) {
		List<String> found = new ArrayList<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(1000));
			for (String key : page.getKeys()) {
				if (key.contains(userId)) {
					found.add("key " + key);
				}
				switch (redis.type(key)) {
					case "zset" -> {
						for (ScoredValue<String> member : redis.zrangeWithScores(key, 0, -1)) {
							if (member.getValue().contains(userId)) {
								found.add(key + " member " + member.getValue());
							}
						}
					}
					case "hash" -> redis.hgetall(key).forEach((field, value) -> {
						if (field.contains(userId) || value.contains(userId)) {
							found.add(key + " field " + field);
						}
					});
					case "string" -> {
						String value = redis.get(key);
						if (value != null && value.contains(userId)) {
							found.add(key + " value");
						}
					}
					case "set" -> redis.smembers(key)
						.stream()
						.filter((m) -> m.contains(userId))
						.forEach((m) -> found.add(key + " set member"));
					case "list" -> redis.lrange(key, 0, -1)
						.stream()
						.filter((m) -> m.contains(userId))
						.forEach((m) -> found.add(key + " list element"));
					default -> {
					}
				}
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return found;
	}

}
