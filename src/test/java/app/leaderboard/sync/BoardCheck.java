package app.leaderboard.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.RowCallbackHandler;
import tools.jackson.databind.JsonNode;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.Load;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.UserCache;

/**
 * Compares the model with PostgreSQL (every row) and with what the service serves from
 * Redis once writes stopped: every board Redis serves (each period's current and previous
 * instance, everyone's and each scope's) in full, each user's stats, each known user's
 * rank on their boards, the sorted sets and user cache themselves ({@link Consistency}),
 * and an empty outbox. Every read goes through the HTTP API and must say it came from
 * Redis, so the PostgreSQL fallback cannot hide a wrong Redis. Differences read as lines
 * of "board: served ..., expected ...".
 */
final class BoardCheck {

	private static final int SHOWN = 30;

	private final BoardWorld world;

	private final BoardModel model;

	private final Consistency consistency;

	BoardCheck(BoardWorld world) {
		this.world = world;
		this.model = world.model;
		this.consistency = new Consistency(world.jdbc, world.inspection, world.periods,
				() -> world.redis.call((c) -> UserCache.read(c, BoardWorld.PREFIX)));
	}

	void awaitConverged(Duration within) {
		List<String> postgres = postgres();
		if (!postgres.isEmpty()) {
			throw new AssertionError(
					"PostgreSQL differs from the model:\n" + lines(postgres) + "\nafter " + this.world.done);
		}
		long started = System.nanoTime();
		List<String> last;
		while (!(last = served()).isEmpty()) {
			if (System.nanoTime() - started > within.toNanos()) {
				throw new AssertionError("What Redis serves did not converge to the model within " + within.toSeconds()
						+ " s (" + last.size() + " differences):\n" + lines(last) + "\nafter " + this.world.done + "\n"
						+ ServiceSnapshot.of(this.world.redis, BoardWorld.PREFIX));
			}
			Load.sleep(250);
		}
		this.world.stats.converged((System.nanoTime() - started) / 1_000_000);
	}

	List<String> postgres() {
		Set<String> actual = new TreeSet<>();
		this.world.jdbc.query("select user_id, region, org, hidden, updated_at from users",
				(RowCallbackHandler) (rs) -> actual.add(BoardModel.row(rs.getString(1), rs.getString(2),
						rs.getString(3), rs.getBoolean(4), rs.getTimestamp(5).toInstant())));
		this.world.jdbc.query(
				"select user_id, period, period_start, total, reached_at, region, org, hidden from period_totals",
				(RowCallbackHandler) (rs) -> actual.add(BoardModel.totalRow(rs.getString(1),
						rs.getString(2) + ":" + rs.getObject(3, LocalDate.class), rs.getLong(4),
						rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getBoolean(8))));
		Set<String> expected = new TreeSet<>(this.model.rows());
		List<String> differences = new ArrayList<>();
		expected.stream().filter((row) -> !actual.contains(row)).forEach((row) -> differences.add("lacks    " + row));
		actual.stream().filter((row) -> !expected.contains(row)).forEach((row) -> differences.add("has more " + row));
		return differences;
	}

	/** What Redis serves that differs from the model; empty once it converged. */
	List<String> served() {
		List<String> differences = new ArrayList<>();
		Instant now = this.world.clock.instant();
		this.model.boards(now).forEach((board) -> board(board, current(board, now)).ifPresent(differences::add));
		for (String user : BoardWorld.USERS) {
			Response response = this.world.api.get("/api/redis-leaderboard/user/" + user);
			if (this.model.user(user).isEmpty()) {
				if (response.status() != 404) {
					differences.add("user " + user + " is unknown (erased or never recorded) but answered "
							+ response.status() + " " + response.text());
				}
			}
			else if (!"redis".equals(response.source()) && !this.model.user(user).get().hidden) {
				// a hidden user is on no board, so their totals are PostgreSQL's
				// (BoardReader)
				differences.add("user " + user + " answered " + response.status() + " from " + response.source());
			}
			else {
				expectStats(this.model, now, user, response, "user " + user).ifPresent(differences::add);
			}
		}
		if (differences.isEmpty()) {
			ranks(now, differences);
		}
		if (differences.isEmpty()) {
			new TeamCheck(this.model, this.world.api).differences(now, differences);
			differences.addAll(new StreakCheck(this.world.api, this.model).differences(now));
		}
		if (differences.isEmpty()) {
			Optional.ofNullable(this.consistency.difference())
				.ifPresent((d) -> differences.add("Redis vs PostgreSQL: " + d));
		}
		if (differences.isEmpty()) {
			Long outbox = this.world.jdbc.queryForObject("select count(*) from outbox", Long.class);
			if (outbox != null && outbox > 0) {
				differences.add("the outbox still holds " + outbox + " rows");
			}
		}
		return differences;
	}

	private static boolean current(BoardModel.Board board, Instant now) {
		return board.start().equals(BoardModel.start(board.period(), BoardModel.today(now)));
	}

	private Optional<String> board(BoardModel.Board board, boolean current) {
		String parameters = board.parameters(current);
		Response response = this.world.api.get("/api/redis-leaderboard/" + board.period().id() + "?limit=1000"
				+ (parameters.isEmpty() ? "" : "&" + parameters));
		if (response.status() != 200 || !"redis".equals(response.source())) {
			return Optional.of(board + " answered " + response.status() + " from " + response.source());
		}
		List<BoardModel.Entry> expected = this.model.listing(board);
		JsonNode body = response.json();
		List<BoardModel.Entry> served = new ArrayList<>();
		body.get("entries")
			.forEach((e) -> served.add(new BoardModel.Entry(e.get("rank").asLong(), e.get("user_id").asString(),
					e.get("score").asLong())));
		String start = body.get("period_start").asString();
		Instant resetsAt = Instant.parse(body.get("resets_at").asString());
		Instant end = BoardModel.next(board.period(), board.start()).atStartOfDay(ZoneOffset.UTC).toInstant();
		long total = body.get("total").asLong();
		if (!served.equals(expected) || total != expected.size() || !start.equals(board.start().toString())
				|| !resetsAt.equals(end)) {
			return Optional.of(board + (current ? " (current)" : " (previous)") + ": served " + served + " total "
					+ total + " from " + start + " to " + resetsAt + ", expected " + expected + " total "
					+ expected.size() + " to " + end);
		}
		return Optional.empty();
	}

	/** Each known user's rank on each of their boards; an erased user's is a 404. */
	private void ranks(Instant now, List<String> differences) {
		for (String userId : BoardWorld.USERS) {
			Optional<BoardModel.User> known = this.model.user(userId);
			if (known.isEmpty()) {
				int status = this.world.api.get("/api/redis-leaderboard/user/" + userId + "/rank/daily").status();
				if (status != 404) {
					differences.add("rank of unknown user " + userId + " answered " + status);
				}
				continue;
			}
			BoardModel.User user = known.get();
			List<Scope> scopes = new ArrayList<>(List.of(Scope.GLOBAL));
			Scope.ofRegion(user.region).ifPresent(scopes::add);
			Scope.ofOrg(user.org).ifPresent(scopes::add);
			for (BoardModel.Board board : this.model.boards(now)) {
				if (scopes.contains(board.scope())) {
					rank(userId, user, board, current(board, now)).ifPresent(differences::add);
				}
			}
		}
	}

	private Optional<String> rank(String userId, BoardModel.User user, BoardModel.Board board, boolean current) {
		String parameters = board.parameters(current);
		Response response = this.world.api.get("/api/redis-leaderboard/user/" + userId + "/rank/" + board.period().id()
				+ (parameters.isEmpty() ? "" : "?" + parameters));
		if (response.status() != 200 || !"redis".equals(response.source())) {
			return Optional.of("rank of " + userId + " on " + board + " answered " + response.status() + " from "
					+ response.source());
		}
		List<BoardModel.Entry> listing = this.model.listing(board);
		Optional<BoardModel.Entry> entry = listing.stream().filter((e) -> e.userId().equals(userId)).findFirst();
		long score = user.hidden ? user.total(board.period(), board.start()).map(BoardModel.Total::total).orElse(0L)
				: entry.map(BoardModel.Entry::score).orElse(0L);
		String expected = "rank=" + entry.map(BoardModel.Entry::rank).map(String::valueOf).orElse("null") + " score="
				+ score + " total=" + listing.size() + (user.hidden ? " hidden" : "");
		JsonNode body = response.json();
		JsonNode rank = body.get("rank");
		JsonNode hidden = body.get("hidden");
		String served = "rank=" + ((rank == null || rank.isNull()) ? "null" : rank.asLong()) + " score="
				+ body.get("score").asLong() + " total=" + body.get("total").asLong()
				+ ((hidden != null && hidden.asBoolean()) ? " hidden" : "");
		return served.equals(expected) ? Optional.empty()
				: Optional.of("rank of " + userId + " on " + board + ": served " + served + ", expected " + expected);
	}

	/**
	 * The stats of a user as an answer gave them (an update's, or a read's) against the
	 * model's: the current periods' totals, the scopes and the time of the last update.
	 */
	static Optional<String> expectStats(BoardModel model, Instant now, String userId, Response response, String what) {
		BoardModel.User user = model.user(userId).orElseThrow();
		StringBuilder expected = new StringBuilder();
		for (Period period : Period.values()) {
			expected.append(period.id())
				.append('=')
				.append(user.total(period, BoardModel.start(period, BoardModel.today(now)))
					.map(BoardModel.Total::total)
					.orElse(0L))
				.append(' ');
		}
		expected.append("region=").append(user.region).append(" org=").append(user.org);
		expected.append(" updated_at=").append(user.updatedAt);
		if (response.status() != 200) {
			return Optional
				.of(what + " answered " + response.status() + " " + response.text() + ", expected " + expected);
		}
		JsonNode body = response.json();
		StringBuilder served = new StringBuilder();
		for (Period period : Period.values()) {
			served.append(period.id()).append('=').append(body.get(period.id() + "_pomo").asLong()).append(' ');
		}
		served.append("region=").append(text(body, "region")).append(" org=").append(text(body, "org"));
		String updatedAt = text(body, "updated_at");
		served.append(" updated_at=").append((updatedAt != null) ? Instant.parse(updatedAt) : null);
		return served.toString().equals(expected.toString()) ? Optional.empty()
				: Optional.of(what + ": served " + served + ", expected " + expected);
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static String lines(List<String> differences) {
		StringBuilder text = new StringBuilder();
		differences.stream().limit(SHOWN).forEach((d) -> text.append("  ").append(d).append('\n'));
		if (differences.size() > SHOWN) {
			text.append("  ... and ").append(differences.size() - SHOWN).append(" more\n");
		}
		return text.toString();
	}

}
