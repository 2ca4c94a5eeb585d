package app.leaderboard.read.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places for open event streams on this instance, the board feeds and the personal
 * feeds together: at most {@code maxStreams} in all (one more is a 503, the instance is
 * full) and at most {@code perClient} for one client (one more is a 429 for that client
 * only). A place is given back once, when its stream ends or its client is found gone.
 */
final class StreamPlaces {

	private final int maxStreams;

	private final int perClient;

	private final AtomicInteger open = new AtomicInteger();

	/** Places held per client; a client without any has no entry. */
	private final Map<String, Integer> byClient = new ConcurrentHashMap<>();

	StreamPlaces(int maxStreams, int perClient) {
		this.maxStreams = maxStreams;
		this.perClient = perClient;
	}

	/**
	 * A place for one more stream of {@code client}.
	 * @throws TooManyClientStreamsException when the client holds {@code perClient}
	 * @throws TooManyStreamsException when the instance serves {@code maxStreams}
	 */
	Place take(String client) {
		boolean[] refused = new boolean[1];
		this.byClient.compute(client, (id, held) -> {
			int now = (held != null) ? held : 0;
			if (now >= this.perClient) {
				refused[0] = true;
				return held;
			}
			return now + 1;
		});
		if (refused[0]) {
			throw new TooManyClientStreamsException(this.perClient);
		}
		if (this.open.incrementAndGet() > this.maxStreams) {
			this.open.decrementAndGet();
			giveBack(client);
			throw new TooManyStreamsException(this.maxStreams);
		}
		return new Place(client);
	}

	/** Streams open on this instance. */
	int open() {
		return this.open.get();
	}

	/** Streams open for one client. */
	int held(String client) {
		return this.byClient.getOrDefault(client, 0);
	}

	private void giveBack(String client) {
		this.byClient.computeIfPresent(client, (id, held) -> (held > 1) ? held - 1 : null);
	}

	/** One stream's place. */
	final class Place {

		private final String client;

		private final AtomicBoolean released = new AtomicBoolean();

		private Place(String client) {
			this.client = client;
		}

		/** Gives the place back; true the first time only. */
		boolean release() {
			if (!this.released.compareAndSet(false, true)) {
				return false;
			}
			StreamPlaces.this.open.decrementAndGet();
			giveBack(this.client);
			return true;
		}

	}

}
