package app.leaderboard.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import app.leaderboard.core.Scope;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

/**
 * The model's streak lists against what the service serves from Redis
 * ({@code GET /streaks}, everyone's and each scope's), as of the clock's day: each user's
 * streak follows from the days their acknowledged updates counted
 * ({@link BoardModel.User}).
 */
final class StreakCheck {

	private final TestApi api;

	private final BoardModel model;

	StreakCheck(TestApi api, BoardModel model) {
		this.api = api;
		this.model = model;
	}

	/** A listed user: their current streak and its last day. */
	record Listed(long rank, String userId, int streak, LocalDate lastDay) {
	}

	/** The run of consecutive days ending at the last one. */
	static int run(TreeSet<LocalDate> days) {
		int run = 0;
		LocalDate day = days.isEmpty() ? null : days.last();
		while (day != null && days.contains(day)) {
			run++;
			day = day.minusDays(1);
		}
		return run;
	}

	List<Listed> expected(Scope scope, LocalDate today) {
		record Alive(String userId, int run, LocalDate lastDay) {
		}
		List<Alive> alive = new ArrayList<>();
		for (String userId : BoardWorld.USERS) {
			Optional<BoardModel.User> user = this.model.user(userId);
			if (user.isEmpty() || user.get().hidden || !user.get().in(scope) || user.get().days.isEmpty()) {
				continue;
			}
			LocalDate last = user.get().days.last();
			if (!last.isBefore(today.minusDays(1))) {
				alive.add(new Alive(userId, run(user.get().days), last));
			}
		}
		alive.sort(
				Comparator.comparing((Alive a) -> -a.run()).thenComparing(Alive::lastDay).thenComparing(Alive::userId));
		List<Listed> listed = new ArrayList<>();
		for (int i = 0; i < alive.size(); i++) {
			long rank = (i > 0 && alive.get(i).run() == alive.get(i - 1).run()) ? listed.get(i - 1).rank() : i + 1;
			listed.add(new Listed(rank, alive.get(i).userId(), alive.get(i).run(), alive.get(i).lastDay()));
		}
		return listed;
	}

	List<String> differences(Instant now) {
		LocalDate today = BoardModel.today(now);
		List<Scope> scopes = new ArrayList<>(List.of(Scope.GLOBAL));
		scopes.addAll(this.model.scopes());
		List<String> differences = new ArrayList<>();
		for (Scope scope : scopes) {
			String query = switch (scope.kind()) {
				case GLOBAL -> "";
				case REGION -> "&region=" + scope.name();
				case ORG -> "&org=" + scope.name();
			};
			Response response = this.api.get("/api/redis-leaderboard/streaks?limit=1000" + query);
			if (response.status() != 200 || !"redis".equals(response.source())) {
				differences.add("streaks" + query + " answered " + response.status() + " from " + response.source());
				continue;
			}
			JsonNode body = response.json();
			List<Listed> served = new ArrayList<>();
			body.get("entries")
				.forEach((e) -> served.add(new Listed(e.get("rank").asLong(), e.get("user_id").asString(),
						e.get("streak").asInt(), LocalDate.parse(e.get("last_day").asString()))));
			List<Listed> expected = expected(scope, today);
			if (!served.equals(expected) || body.get("total").asLong() != expected.size()
					|| !today.toString().equals(body.get("as_of").asString())) {
				differences.add("streaks" + query + ": served " + served + " total " + body.get("total") + " as of "
						+ body.get("as_of") + ", expected " + expected + " as of " + today);
			}
		}
		return differences;
	}

}
