package app.leaderboard.read.live;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.read.BoardPage;
import app.leaderboard.read.BoardReader;
import app.leaderboard.read.Sourced;

/**
 * The fan-out of board changes to the open streams of {@link BoardStreams}: a change of a
 * board makes it read that board once per distinct {@code limit} and offer the result to
 * the streams that watch it (each sends it only if it differs from its last event). Reads
 * of one board are coalesced to one per {@code minInterval}, so a busy board costs one
 * read a second however many updates it gets.
 *
 * <p>
 * Intervals are measured with {@link System#nanoTime()}, not the service's {@code Clock}:
 * they are about pacing the network, not about which period it is.
 */
final class BoardFanOut {

	private static final Logger log = LoggerFactory.getLogger(BoardFanOut.class);

	private final BoardReader reader;

	private final JsonMapper json;

	private final Duration minInterval;

	/** The open streams (the registry's own set, read only here). */
	private final Collection<BoardStream> streams;

	private final Map<String, Pacing> pacing = new ConcurrentHashMap<>();

	/** The reader threads of the current start; null before the first. */
	private volatile @Nullable ScheduledExecutorService readers;

	private volatile boolean running;

	BoardFanOut(BoardReader reader, JsonMapper json, Duration minInterval, Collection<BoardStream> streams) {
		this.reader = reader;
		this.json = json;
		this.minInterval = minInterval;
		this.streams = streams;
	}

	/** Reads from now on on {@code readers} (a new pool on every start). */
	void start(ScheduledExecutorService readers) {
		this.readers = readers;
		this.pacing.clear();
		this.running = true;
	}

	/** No more reads are scheduled (the pool is shut down by its owner). */
	void stop() {
		this.running = false;
	}

	/** Boards changed (an empty list: any may have): read them again, paced. */
	void changed(List<String> boards) {
		Set<String> watched = this.streams.stream().map(BoardStream::board).collect(Collectors.toSet());
		for (String board : boards.isEmpty() ? watched : boards) {
			if (watched.contains(board)) {
				schedule(board);
			}
		}
	}

	private void schedule(String board) {
		Pacing pace = this.pacing.computeIfAbsent(board,
				(id) -> new Pacing(System.nanoTime() - this.minInterval.toNanos()));
		synchronized (pace) {
			ScheduledExecutorService readers = this.readers;
			if (pace.scheduled || !this.running || readers == null) {
				return;
			}
			long wait = Math.max(0, pace.lastRead + this.minInterval.toNanos() - System.nanoTime());
			try {
				readers.schedule(() -> push(board, pace), wait, TimeUnit.NANOSECONDS);
				pace.scheduled = true;
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	private void push(String board, Pacing pace) {
		log.debug("Reading board {} for its streams", board);
		synchronized (pace) {
			pace.scheduled = false;
			pace.lastRead = System.nanoTime();
		}
		Map<Integer, List<BoardStream>> byLimit = this.streams.stream()
			.filter((stream) -> stream.board().equals(board))
			.collect(Collectors.groupingBy(BoardStream::limit));
		byLimit.forEach((limit, watching) -> {
			try {
				BoardStream first = watching.get(0);
				Sourced<BoardPage> read = this.reader.board(first.period(), first.scope(), limit, 0);
				String body = this.json.writeValueAsString(read.value());
				watching.forEach((stream) -> stream.offer(read, body));
			}
			catch (RuntimeException ex) {
				// Redis down with the fallback off, or PostgreSQL too: the next change or
				// refresh tries again
				log.debug("Could not read board {} for its event streams: {}", board, ex.getClass().getSimpleName());
			}
		});
	}

	/** When a board was last read for its streams, and whether a read is pending. */
	private static final class Pacing {

		long lastRead;

		boolean scheduled;

		Pacing(long lastRead) {
			this.lastRead = lastRead;
		}

	}

}
