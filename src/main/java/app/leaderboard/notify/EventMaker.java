package app.leaderboard.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;

import app.leaderboard.store.postgres.WebhookOutbox;

/**
 * Makes the events whose boundary has passed: a function of what PostgreSQL holds (how
 * far each stream is made) and of the clock, so nothing has to run at a boundary. Every
 * instance calls it on each tick; the stream's row lock lets one of them make each event.
 * Boundaries that passed while every instance was down are made on the first tick after,
 * one event each, in boundary order (and, at the same boundary, in the order of the
 * streams: daily before weekly before monthly before yearly).
 */
@Component
class EventMaker {

	private static final Logger log = LoggerFactory.getLogger(EventMaker.class);

	/** Events made per tick at most; a longer backlog continues on the next tick. */
	static final int MAX_PER_TICK = 1000;

	private final WebhookOutbox outbox;

	private final List<EventStream> streams = new ArrayList<>();

	EventMaker(WebhookOutbox outbox, List<EventSource> sources) {
		this.outbox = outbox;
		sources.forEach((source) -> this.streams.addAll(source.streams()));
	}

	List<EventStream> streams() {
		return this.streams;
	}

	/**
	 * Starts every stream not started yet at {@code from}: earlier boundaries send
	 * nothing.
	 */
	void start(Instant from) {
		this.streams.forEach((stream) -> this.outbox.startStream(stream.name(), from));
	}

	/** Makes every event due at {@code now}; returns how many this call made. */
	int makeDue(Instant now) {
		int made = 0;
		for (int i = 0; i < MAX_PER_TICK; i++) {
			Optional<Due> next = nextDue(now);
			if (next.isEmpty()) {
				break;
			}
			Due due = next.get();
			String id = UUID.randomUUID().toString();
			try {
				if (this.outbox.make(due.stream().name(), due.boundary(), id, now, RetrySchedule.DELIVER_FOR,
						() -> due.stream().event(id, due.after(), due.boundary()))) {
					made++;
					log.info("Webhook event {} made: {} at {}", id, due.stream().name(), due.boundary());
				}
			}
			catch (ConcurrencyFailureException ex) {
				// another instance made it meanwhile (the stream's row moved under this
				// snapshot): it goes on making, this one tries again next tick
				break;
			}
		}
		return made;
	}

	/** The earliest boundary not made yet that is due, over every stream. */
	private Optional<Due> nextDue(Instant now) {
		Due earliest = null;
		for (EventStream stream : this.streams) {
			Optional<Instant> after = this.outbox.madeUntil(stream.name());
			if (after.isEmpty()) {
				continue;
			}
			Instant boundary = stream.nextBoundary(after.get());
			if (!boundary.isAfter(now) && (earliest == null || boundary.isBefore(earliest.boundary()))) {
				earliest = new Due(stream, after.get(), boundary);
			}
		}
		return Optional.ofNullable(earliest);
	}

	private record Due(EventStream stream, Instant after, Instant boundary) {
	}

}
