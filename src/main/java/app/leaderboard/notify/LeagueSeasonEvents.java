package app.leaderboard.notify;

import java.time.Instant;
import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.league.LeagueSeasons;
import app.leaderboard.store.postgres.WebhookOutbox;

/**
 * {@code league.season_ended}: one event when a league season ends (one stream, of the
 * period {@code LEADERBOARD_LEAGUE_PERIOD} names), with how many members were promoted,
 * stayed and were demoted. The counts come from {@link LeagueSeasons#resultCounts}, which
 * fixes the season's results where nothing did yet, in the transaction that makes the
 * event: the results never change afterwards, so neither does the body.
 * <p>
 * Here rather than in {@code league}: notify already reads what each event is about from
 * the features below it, and keeping the events' bodies and their order side by side
 * keeps the module graph one-way ({@code notify} to {@code league}, never back). Ordered
 * after {@link PeriodEndedEvents}: a weekly season ends with the weekly board, and the
 * board's {@code period.ended} goes first.
 */
@Component
@Order(1)
class LeagueSeasonEvents implements EventSource {

	static final String KIND = "league.season_ended";

	private final Period seasons;

	private final Periods periods;

	private final LeagueSeasons leagues;

	LeagueSeasonEvents(LeagueProperties league, Periods periods, LeagueSeasons leagues) {
		this.seasons = Period.fromId(league.period()).orElseThrow();
		this.periods = periods;
		this.leagues = leagues;
	}

	@Override
	public List<EventStream> streams() {
		return List.of(new Ended());
	}

	/** The body of a {@code league.season_ended} event. */
	record Body(String id, String event, String period, String seasonStart, String endedAt, long promoted, long stayed,
			long demoted) {
	}

	private final class Ended implements EventStream {

		/**
		 * Per period: a change of LEADERBOARD_LEAGUE_PERIOD starts a new stream at that
		 * start, rather than reading the old one's boundaries with the new period.
		 */
		@Override
		public String name() {
			return KIND + ":" + LeagueSeasonEvents.this.seasons.id();
		}

		@Override
		public Instant nextBoundary(Instant after) {
			return LeagueSeasonEvents.this.periods.at(LeagueSeasonEvents.this.seasons, after).end();
		}

		@Override
		public WebhookOutbox.NewEvent event(String id, Instant after, Instant boundary) {
			PeriodInstance season = LeagueSeasonEvents.this.periods.at(LeagueSeasonEvents.this.seasons, after);
			LeagueSeasons.SeasonResults results = LeagueSeasonEvents.this.leagues.resultCounts(season.startDate());
			Body body = new Body(id, KIND, results.period(), results.seasonStart().toString(), boundary.toString(),
					results.promoted(), results.stayed(), results.demoted());
			return new WebhookOutbox.NewEvent(KIND, results.period() + "/" + results.seasonStart(), boundary,
					PeriodEndedEvents.JSON.writeValueAsBytes(body));
		}

	}

}
