package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import app.leaderboard.config.ConditionalOnTraces;

/**
 * The update batch in a trace. A batch serves many requests at once, so it cannot be the
 * child of each: its span is the child of the request that opened it (the first one
 * taken), so that a lone update shows as one chain, HTTP request, batch, its PostgreSQL
 * statements and its Redis write; and it links to the requests of the other updates it
 * carries ({@link BatchSpanHandler}), whose own traces then lead to it. Its Redis
 * follow-up, which serves the whole batch too, runs as the batch's child on whichever
 * request thread does it ({@link BatchFollowUp}).
 * <p>
 * Exists only while traces are on; {@link #OFF} stands in otherwise and costs nothing.
 */
@Component
@ConditionalOnTraces
class BatchTracing {

	/** Observation name of a batch: spans only, it is no metric (application.yml). */
	static final String NAME = "leaderboard.updates.commit";

	static final BatchTracing OFF = new BatchTracing(ObservationRegistry.NOOP);

	private final ObservationRegistry observations;

	BatchTracing(ObservationRegistry observations) {
		this.observations = observations;
	}

	/** On the request's thread: remembers the request the update belongs to. */
	void joined(PendingUpdate update) {
		if (this.observations.isNoop()) {
			return;
		}
		update.requestedIn(this.observations.getCurrentObservation());
	}

	/** On the committer's thread: commits the batch inside its observation. */
	void commit(List<PendingUpdate> updates, Runnable commit) {
		if (this.observations.isNoop()) {
			commit.run();
			return;
		}
		List<Observation> requests = new ArrayList<>();
		for (PendingUpdate update : updates) {
			Observation request = update.requestedIn();
			if (request != null && !requests.contains(request)) {
				requests.add(request);
			}
		}
		Batch context = new Batch(requests);
		Observation.createNotStarted(NAME, () -> context, this.observations)
			.contextualName("update batch")
			.parentObservation(requests.isEmpty() ? null : requests.get(0))
			.highCardinalityKeyValue("leaderboard.batch.updates", String.valueOf(updates.size()))
			.observe(commit);
	}

	/** A batch's observation: the requests it serves, the first one its parent. */
	static final class Batch extends Observation.Context {

		private final List<Observation> requests;

		Batch(List<Observation> requests) {
			this.requests = requests;
		}

		/** The requests other than the parent: the batch's span links to them. */
		List<Observation> linked() {
			return this.requests.isEmpty() ? List.of() : this.requests.subList(1, this.requests.size());
		}

		@Nullable Observation parent() {
			return this.requests.isEmpty() ? null : this.requests.get(0);
		}

	}

}
