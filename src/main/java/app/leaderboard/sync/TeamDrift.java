package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.TeamQueries;
import app.leaderboard.store.redis.board.RedisTeamSums;

/**
 * The drift check of the team listings, by checksum (docs/consistency.md, "Team boards"):
 * each loaded region and organisation board's sum and member count in Redis against the
 * same figures summed from PostgreSQL's board histogram. A team is its board, so a board
 * found off here is rebuilt like any board out of step (its swap drops the sum), which
 * also catches a board whose few wrong members the sampled member check did not draw.
 * Only the sums that exist are verified (a listing made them); none is made here. Costs
 * one histogram range per served period instance and kind, and one pipelined round trip
 * of one short script per team: never a read of every member.
 */
@Component
class TeamDrift {

	private final TeamQueries store;

	private final RedisTeamSums redis;

	private final Boards boards;

	TeamDrift(TeamQueries store, RedisTeamSums redis, Boards boards) {
		this.store = store;
		this.redis = redis;
		this.boards = boards;
	}

	/**
	 * The loaded scoped boards whose team figures differ from PostgreSQL's, in two looks
	 * in a row: an update that committed between the two stores' reads, its Redis write
	 * still on its way, explains a difference once, rarely twice.
	 */
	Set<PeriodInstance> outOfStep() {
		List<Scope> scopes = this.boards.scopes();
		Set<PeriodInstance> off = new HashSet<>();
		for (PeriodInstance global : this.boards.servedGlobal()) {
			for (Scope.Kind kind : List.of(Scope.Kind.REGION, Scope.Kind.ORG)) {
				List<PeriodInstance> scoped = scopes.stream()
					.filter((scope) -> scope.kind() == kind)
					.map(global::in)
					.toList();
				if (scoped.isEmpty()) {
					continue;
				}
				List<PeriodInstance> first = differing(global, kind, scoped);
				if (!first.isEmpty()) {
					off.addAll(differing(global, kind, first));
				}
			}
		}
		return off;
	}

	/**
	 * Those of {@code scoped} whose kept sum differs from PostgreSQL's figures; a board
	 * not loaded, or without a sum (no listing read it since its last swap), has nothing
	 * to differ.
	 */
	private List<PeriodInstance> differing(PeriodInstance global, Scope.Kind kind, List<PeriodInstance> scoped) {
		Map<String, TeamQueries.TeamRow> postgres = this.store.teams(global, kind)
			.stream()
			.collect(Collectors.toMap(TeamQueries.TeamRow::name, Function.identity()));
		List<PeriodInstance> off = new ArrayList<>();
		this.redis.keptSums(scoped).forEach((board, sum) -> {
			if (sum.isPresent() && !same(sum.get(), Optional.ofNullable(postgres.get(board.scope().name())))) {
				off.add(board);
			}
		});
		return off;
	}

	private static boolean same(RedisTeamSums.Sum redis, Optional<TeamQueries.TeamRow> postgres) {
		long score = postgres.map(TeamQueries.TeamRow::score).orElse(0L);
		long members = postgres.map(TeamQueries.TeamRow::members).orElse(0L);
		return redis.score() == score && redis.members() == members;
	}

}
