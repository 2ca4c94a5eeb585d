package app.leaderboard.read.live;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.read.AroundView;

/**
 * One open personal feed: whose, which period and scope it asked for, and what its last
 * event said, so that a read that changed neither the user's rank nor score (nor the
 * board: a new period, another scope; nor whether they are hidden) sends nothing, and the
 * next event can tell who passed them since.
 */
final class UserStream {

	private final String userId;

	private final Period period;

	private final Scope asked;

	private final SseEmitter emitter;

	/** Gives the stream's place back when its client went away. */
	private final Consumer<UserStream> gone;

	private final AtomicBoolean released = new AtomicBoolean();

	/** The board of the last read (changes messages name it), the asked one before. */
	private volatile String board;

	private @Nullable Sent last;

	/**
	 * Guards {@link #lastRead} and {@link #scheduled}, apart from the stream's own lock,
	 * which a slow send may hold.
	 */
	final Object pacing = new Object();

	/** When the stream was last read (System.nanoTime), and whether a read is pending. */
	long lastRead;

	boolean scheduled;

	UserStream(String userId, Period period, Scope asked, SseEmitter emitter, Consumer<UserStream> gone) {
		this.userId = userId;
		this.period = period;
		this.asked = asked;
		this.emitter = emitter;
		this.gone = gone;
		this.board = period.id() + asked.suffix();
	}

	/** What an event said, as far as deciding the next one goes. */
	private record Sent(String instance, @Nullable Long rank, long score, boolean hidden, OvertakenBy.Seen seen) {
	}

	String userId() {
		return this.userId;
	}

	Period period() {
		return this.period;
	}

	Scope asked() {
		return this.asked;
	}

	/** The id the change messages name for the board the feed follows now. */
	String board() {
		return this.board;
	}

	/**
	 * Sends an event if the standing differs from the last one sent.
	 * @return true when an event was sent
	 */
	synchronized boolean offer(UserStandings.Standing standing, DisplayNames names, JsonMapper json) {
		this.board = standing.instance().period().id() + standing.scope().suffix();
		AroundView view = standing.view();
		boolean hidden = Boolean.TRUE.equals(view.hidden());
		OvertakenBy.Seen seen = OvertakenBy.seen(standing.instance().id(), this.userId, view.entries());
		Sent now = new Sent(standing.instance().id(), view.rank(), view.score(), hidden, seen);
		Sent before = this.last;
		if (before != null && before.instance().equals(now.instance()) && Objects.equals(before.rank(), now.rank())
				&& before.score() == now.score() && before.hidden() == now.hidden()) {
			return false;
		}
		List<String> passers = OvertakenBy.passers((before != null) ? before.seen() : null, seen);
		Map<String, String> named = passers.isEmpty() ? Map.of() : names.of(passers);
		RankEvent event = new RankEvent(this.userId, view.period(), view.periodStart(), view.rank(), view.score(),
				view.total(), view.topPercent(), hidden,
				passers.stream().map((id) -> new RankEvent.Passer(id, named.get(id))).toList());
		try {
			SseEmitter.SseEventBuilder sent = SseEmitter.event().name("rank").data(json.writeValueAsString(event));
			if (before == null) {
				sent.reconnectTime(BoardStream.RECONNECT_MILLIS);
			}
			this.emitter.send(sent);
			this.last = now;
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away (or the stream was completed meanwhile)
			gone();
			return false;
		}
	}

	synchronized void heartbeat() {
		try {
			this.emitter.send(SseEmitter.event().comment("keep-alive"));
		}
		catch (IOException | IllegalStateException ex) {
			gone();
		}
	}

	/** Ends the stream: its user was erased, or it follows them where it may not. */
	void end() {
		gone();
	}

	private void gone() {
		this.gone.accept(this);
		complete();
	}

	/** True the first time only: the stream's place is given back once. */
	boolean release() {
		return this.released.compareAndSet(false, true);
	}

	void complete() {
		try {
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			// already completed
		}
	}

}
