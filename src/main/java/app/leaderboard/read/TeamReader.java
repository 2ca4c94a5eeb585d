package app.leaderboard.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Service;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.TeamQueries;
import app.leaderboard.store.redis.board.RedisTeamSums;
import app.leaderboard.sync.BoardLoader;

/**
 * The team listings (docs/api.md, "Team boards"): every region's or organisation's score
 * and members on one period instance. A team is its scope's board, so the listing is
 * derived from the scoped boards and follows them wherever they go: a move, a hide, an
 * erasure or a reset changes the boards, and the sums beside them in the same step
 * (board_sum.lua). From Redis when every team's board is loaded there (one call per
 * team); a board that is not loaded is loaded in the background while the request waits a
 * moment or reads PostgreSQL, where the same figures come from the boards' histogram;
 * older instances than the previous one are read from PostgreSQL, as their boards are.
 */
@Service
class TeamReader {

	/**
	 * How long a request waits for cold team boards to load before reading PostgreSQL.
	 */
	private static final Duration COLD_WAIT = Duration.ofMillis(500);

	private final RedisTeamSums redis;

	private final TeamQueries store;

	private final KnownScopes scopes;

	private final BoardLoader loader;

	private final ReadPath path;

	TeamReader(RedisTeamSums redis, TeamQueries store, KnownScopes scopes, BoardLoader loader, ReadPath path) {
		this.redis = redis;
		this.store = store;
		this.scopes = scopes;
		this.loader = loader;
		this.path = path;
	}

	/**
	 * A page of the listing of {@code kind}'s teams on the global board's period
	 * instance.
	 */
	Sourced<TeamPage> teams(PeriodInstance instance, Scope.Kind kind, int limit, long offset) {
		PeriodInstance global = instance.global();
		return this.path.read(global,
				() -> fromRedis(global, kind).map((teams) -> page(global, kind, teams, limit, offset)),
				() -> page(global, kind, fromPostgres(global, kind), limit, offset));
	}

	/**
	 * Every team's figures from Redis, or empty when a team's board is not loaded (then
	 * its load starts, and this waits for it a moment) or the instance is not kept there.
	 */
	private Optional<List<TeamRanks.Team>> fromRedis(PeriodInstance global, Scope.Kind kind) {
		if (!this.path.kept(global)) {
			return Optional.empty();
		}
		List<PeriodInstance> boards = this.scopes.fresh()
			.stream()
			.filter((scope) -> scope.kind() == kind)
			.map(global::in)
			.toList();
		Map<PeriodInstance, Optional<RedisTeamSums.Sum>> sums = this.redis.sums(boards);
		List<PeriodInstance> cold = sums.entrySet()
			.stream()
			.filter((e) -> e.getValue().isEmpty())
			.map(Map.Entry::getKey)
			.toList();
		if (!cold.isEmpty()) {
			if (!awaitLoaded(cold)) {
				return Optional.empty();
			}
			sums = this.redis.sums(boards);
			if (sums.values().stream().anyMatch(Optional::isEmpty)) {
				return Optional.empty();
			}
		}
		List<TeamRanks.Team> teams = new ArrayList<>(sums.size());
		sums.forEach((board, sum) -> teams
			.add(new TeamRanks.Team(board.scope().name(), sum.orElseThrow().score(), sum.orElseThrow().members())));
		return Optional.of(teams);
	}

	/** Starts loading the boards and waits for them a moment; true when all loaded. */
	private boolean awaitLoaded(List<PeriodInstance> cold) {
		CompletableFuture<?>[] loads = cold.stream().map(this.loader::load).toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(loads).get(COLD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private List<TeamRanks.Team> fromPostgres(PeriodInstance global, Scope.Kind kind) {
		return this.store.teams(global, kind)
			.stream()
			.map((row) -> new TeamRanks.Team(row.name(), row.score(), row.members()))
			.toList();
	}

	private static TeamPage page(PeriodInstance instance, Scope.Kind kind, List<TeamRanks.Team> teams, int limit,
			long offset) {
		long listed = TeamRanks.listed(teams).size();
		return new TeamPage(instance.period().id(), instance.startDate(), instance.end(), listed,
				TeamRanks.page(kind, teams, offset, limit));
	}

}
