package app.leaderboard.notify;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.BoardExports;
import app.leaderboard.store.postgres.WebhookOutbox;

/**
 * {@code period.ended}: one event when a period instance of the global boards ends
 * (daily, weekly, monthly and yearly, one stream each), with the board's total and its
 * first ten entries as they stood at the boundary. Past boards change no more after their
 * boundary (updates go to the new instance), so reading them when the event is made, in
 * one snapshot, is reading them as they stood; hidden users are left out as on the board.
 */
@Component
@Order(0)
class PeriodEndedEvents implements EventSource {

	static final String KIND = "period.ended";

	static final int TOP = 10;

	/** The body's JSON: snake_case, fields in the order of the record. */
	static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final Periods periods;

	private final BoardExports boards;

	PeriodEndedEvents(Periods periods, BoardExports boards) {
		this.periods = periods;
		this.boards = boards;
	}

	@Override
	public List<EventStream> streams() {
		return Arrays.stream(Period.values()).map((period) -> (EventStream) new Ended(period)).toList();
	}

	/** The body of a {@code period.ended} event. */
	record Body(String id, String event, String period, String periodStart, String endedAt, long total,
			List<Entry> top) {
	}

	/** An entry of the top ten: an entry of a board page, with the user's name. */
	record Entry(long rank, String userId, @Nullable String displayName, long score) {
	}

	private final class Ended implements EventStream {

		private final Period period;

		Ended(Period period) {
			this.period = period;
		}

		@Override
		public String name() {
			return KIND + ":" + this.period.id();
		}

		@Override
		public Instant nextBoundary(Instant after) {
			return PeriodEndedEvents.this.periods.at(this.period, after).end();
		}

		@Override
		public WebhookOutbox.NewEvent event(String id, Instant after, Instant boundary) {
			PeriodInstance board = PeriodEndedEvents.this.periods.at(this.period, after);
			List<Entry> top = PeriodEndedEvents.this.boards.top(board, TOP)
				.stream()
				.map((e) -> new Entry(e.rank(), e.userId(), e.displayName(), e.score()))
				.toList();
			Body body = new Body(id, KIND, this.period.id(), board.startDate().toString(), boundary.toString(),
					PeriodEndedEvents.this.boards.members(board), top);
			return new WebhookOutbox.NewEvent(KIND, this.period.id() + "/" + board.startDate(), boundary,
					JSON.writeValueAsBytes(body));
		}

	}

}
