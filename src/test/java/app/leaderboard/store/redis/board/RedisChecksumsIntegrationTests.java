package app.leaderboard.store.redis.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.lettuce.core.ScriptOutputType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.support.ChecksumRecount;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.RawRedisTestBase;

/**
 * The checksum Redis keeps beside each board (lib/checksum.lua): its Lua works the terms
 * out as {@link BoardChecksum} does, bit for bit, with only doubles and 32-bit bit
 * operations; and whatever the service does to a board (updates, moves, hiding, erasure,
 * a rebuild while updates arrive), the hash equals a count afresh of the board's members
 * and PostgreSQL's checksum of the same board.
 */
class RedisChecksumsIntegrationTests extends RawRedisTestBase {

	@Autowired
	private Periods periods;

	@Test
	void luaWorksTheChecksumOutAsJavaDoes() throws IOException {
		Random random = new Random(23);
		PeriodInstance daily = this.periods.current(Period.DAILY);
		List<String> args = new ArrayList<>();
		List<String> terms = new ArrayList<>();
		Map<String, Long> sums = new HashMap<>();
		List<Long> totals = new ArrayList<>(List.of(1L, 2L, (1L << 28) - 1, 65535L, 65536L));
		for (int i = 0; i < 3000; i++) {
			totals.add(1 + (long) random.nextInt((1 << 28) - 1));
		}
		for (long total : totals) {
			String user = "user-" + Long.toString(random.nextLong(), 36);
			long key = BoardChecksum.key(user);
			args.add(BoardChecksum.scriptId(key, Scope.GLOBAL));
			args.add(RedisBoardWrites
				.score(BoardScore.encode(total, daily.start().plusSeconds(random.nextInt(86_400)), daily)));
			terms.add(BoardChecksum.termA(key, total) + ":" + BoardChecksum.termB(key, total));
			ChecksumRecount.add(sums, Integer.toString(BoardChecksum.bucket(key, Scope.GLOBAL)), key, total);
		}
		sums.put("n", (long) totals.size());
		String check = "lbtest:checksum-harness";
		this.raw.commands().hset(check, Map.of("n", "0", "all", "0", "allb", "0"));
		String harness = library() + """
				local c = check_open(KEYS[1])
				local terms = {}
				for i = 1, #ARGV, 2 do
				  check_change(c, tonumber(ARGV[i]), false, ARGV[i + 1])
				  local a, b = check_term(tonumber(ARGV[i]), ARGV[i + 1])
				  terms[#terms + 1] = string.format('%d:%d', a, b)
				end
				check_close(c)
				return terms
				""";
		// in parts, as the write scripts take them: one call of 3,000 members outlasts
		// the
		// client's timeout on a loaded machine
		List<String> luaTerms = new ArrayList<>();
		for (int from = 0; from < args.size(); from += 400) {
			List<String> part = this.raw.commands()
				.eval(harness, ScriptOutputType.MULTI, new String[] { check },
						args.subList(from, Math.min(args.size(), from + 400)).toArray(String[]::new));
			luaTerms.addAll(part);
		}
		assertThat(luaTerms).containsExactlyElementsOf(terms);
		Map<String, Long> kept = new HashMap<>();
		this.raw.commands().hgetall(check).forEach((field, value) -> kept.put(field, Long.parseLong(value)));
		assertThat(kept).isEqualTo(sums);
		this.raw.commands().del(check);
	}

	@Test
	void everyBoardsChecksumDescribesItsMembersAndEqualsPostgresqls() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			Random random = new Random(29);
			List<Future<?>> work = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				String user = "user" + random.nextInt(80);
				String scope = switch (random.nextInt(6)) {
					case 0 -> ",\"region\":\"eu\"";
					case 1 -> ",\"region\":\"us\"";
					case 2 -> ",\"org\":\"acme\"";
					default -> "";
				};
				String body = "{\"user_id\":\"" + user + "\",\"count\":" + (1 + random.nextInt(4)) + scope + "}";
				work.add(clients.submit(() -> this.api.post("/api/redis-leaderboard/update", body).status()));
				if (i == 150) {
					// rebuilds of every board while the updates go on: build keys with
					// their own checksums, swapped in
					work.add(clients.submit(() -> this.rebuild.fullSync((n) -> {
					})));
				}
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/user3/hide", "", admin()).status()).isEqualTo(200);
		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/user4", admin()).status()).isEqualTo(200);
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> consistency.difference() == null);

		int checked = 0;
		for (PeriodInstance global : this.periods.currentAll().values()) {
			for (Scope scope : List.of(Scope.GLOBAL, Scope.region("eu"), Scope.region("us"), Scope.org("acme"))) {
				PeriodInstance board = global.in(scope);
				Map<String, Long> hash = new HashMap<>();
				this.raw.commands()
					.hgetall(this.keys.boardCheck(board))
					.forEach((field, value) -> hash.put(field, Long.parseLong(value)));
				assertThat(hash).as(board.id())
					.isNotEmpty()
					.isEqualTo(ChecksumRecount.of(this.raw.commands(), this.keys.board(board), board));
				assertThat(hash).as(board.id()).isEqualTo(postgres(board, hash.get("n")));
				checked++;
			}
		}
		assertThat(checked).isEqualTo(16);
	}

	/**
	 * PostgreSQL's sums of the board in the hash's shape (buckets without members left
	 * out).
	 */
	private Map<String, Long> postgres(PeriodInstance board, long members) {
		Map<String, Long> sums = new HashMap<>();
		sums.put("n", members);
		sums.put("all", 0L);
		sums.put("allb", 0L);
		String scope = board.scope().global() ? "" : board.scope().kind().id() + ":" + board.scope().name();
		this.jdbc.query(
				"select bucket, sum(checksum), sum(checksum_b) from board_checksums where period = ? "
						+ "and period_start = ? and scope = ? group by bucket having sum(checksum) <> 0",
				(ResultSet rs) -> {
					String field = (rs.getInt(1) == -1) ? "all" : Integer.toString(rs.getInt(1));
					sums.put(field, rs.getLong(2));
					sums.put(field + "b", rs.getLong(3));
				}, board.period().id(), board.startDate(), scope);
		return sums;
	}

	private static String library() throws IOException {
		try (InputStream in = RedisChecksumsIntegrationTests.class.getResourceAsStream("/redis/lib/checksum.lua")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
		}
	}

}
