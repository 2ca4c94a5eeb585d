package app.leaderboard.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

/**
 * The model-based test's check of the team listings (docs/api.md, "Team boards"): for
 * each period's current and previous instance, the regions' and the organisations'
 * listings as the model works them out from its own boards (a team's score is the sum of
 * its scoped board, members those on it), compared with what the API serves from Redis.
 */
final class TeamCheck {

	/** A team's line as the API lists it. */
	record Team(long rank, String name, long score, long members) {

		@Override
		public String toString() {
			return this.rank + "." + this.name + "=" + this.score + "/" + this.members;
		}

	}

	private final BoardModel model;

	private final TestApi api;

	TeamCheck(BoardModel model, TestApi api) {
		this.model = model;
		this.api = api;
	}

	/** What the team listings serve that differs from the model. */
	void differences(Instant now, List<String> differences) {
		for (Period period : Period.values()) {
			LocalDate current = BoardModel.start(period, BoardModel.today(now));
			for (LocalDate start : List.of(current, BoardModel.previous(period, current))) {
				for (Scope.Kind kind : List.of(Scope.Kind.REGION, Scope.Kind.ORG)) {
					listing(now, period, start, kind, start.equals(current)).ifPresent(differences::add);
				}
			}
		}
	}

	/** The listing the model expects: teams with a score, by score then name. */
	List<Team> expected(Instant now, Period period, LocalDate start, Scope.Kind kind) {
		record Sum(String name, long score, long members) {
		}
		List<Sum> sums = new ArrayList<>();
		for (BoardModel.Board board : this.model.boards(now)) {
			if (board.period() == period && board.start().equals(start) && board.scope().kind() == kind) {
				List<BoardModel.Entry> entries = this.model.listing(board);
				long score = entries.stream().mapToLong(BoardModel.Entry::score).sum();
				if (score > 0) {
					sums.add(new Sum(board.scope().name(), score, entries.size()));
				}
			}
		}
		sums.sort(Comparator.comparingLong((Sum s) -> -s.score()).thenComparing(Sum::name));
		List<Team> teams = new ArrayList<>();
		for (int i = 0; i < sums.size(); i++) {
			Sum sum = sums.get(i);
			long rank = (i > 0 && teams.get(i - 1).score() == sum.score()) ? teams.get(i - 1).rank() : i + 1;
			teams.add(new Team(rank, sum.name(), sum.score(), sum.members()));
		}
		return teams;
	}

	private Optional<String> listing(Instant now, Period period, LocalDate start, Scope.Kind kind, boolean current) {
		String what = period.id() + ":" + start + " " + kind.id() + "s" + (current ? " (current)" : " (previous)");
		Response response = this.api.get("/api/redis-leaderboard/" + period.id() + "/" + kind.id() + "s?limit=1000"
				+ (current ? "" : "&date=" + start));
		if (response.status() != 200 || !"redis".equals(response.source())) {
			return Optional.of(what + " answered " + response.status() + " from " + response.source());
		}
		JsonNode body = response.json();
		List<Team> served = new ArrayList<>();
		body.get("entries")
			.forEach((e) -> served.add(new Team(e.get("rank").asLong(), e.get(kind.id()).asString(),
					e.get("score").asLong(), e.get("members").asLong())));
		List<Team> expected = expected(now, period, start, kind);
		if (!served.equals(expected) || body.get("total").asLong() != expected.size()
				|| !body.get("period_start").asString().equals(start.toString())) {
			return Optional.of(what + ": served " + served + " total " + body.get("total").asLong() + " from "
					+ body.get("period_start").asString() + ", expected " + expected);
		}
		return Optional.empty();
	}

}
