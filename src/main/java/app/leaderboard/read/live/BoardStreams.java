package app.leaderboard.read.live;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.read.BoardPage;
import app.leaderboard.read.BoardReader;
import app.leaderboard.read.Sourced;
import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.coordination.BoardChannel;

/**
 * The open event streams of this instance. It is longer than the other classes because
 * the set of streams, the per-board pacing of reads and the start and stop of the
 * lifecycle work on the same state (the streams, the open count, the reader threads);
 * split, each part would need the others' internals. A change message for a board (from
 * the Redis channel, so from any instance) makes it read that board once per distinct
 * {@code limit} and send the result to the streams whose last event differs; reads of one
 * board are coalesced to one per {@code minInterval}. Also: an event on connect, a
 * heartbeat comment, a periodic re-read as a net for changes that publish no message, a
 * cap on open streams, and every stream completed when the service stops (a
 * {@link SmartLifecycle} of the default phase stops before the web server's graceful
 * shutdown, which would otherwise wait for the open streams).
 *
 * <p>
 * Intervals are measured with {@link System#nanoTime()}, not the service's {@code Clock}:
 * they are about pacing the network, not about which period it is.
 */
class BoardStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BoardStreams.class);

	/** How soon a browser reconnects after the stream ended (SSE {@code retry:}). */
	static final long RECONNECT_MILLIS = 2_000;

	private final BoardReader reader;

	private final BoardChannel channel;

	private final JsonMapper json;

	private final EventsProperties settings;

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, Pacing> pacing = new ConcurrentHashMap<>();

	/**
	 * Reads, heartbeats and refreshes; a new one on every start (tests stop and restart).
	 */
	private volatile ScheduledExecutorService readers;

	private volatile boolean running;

	private volatile boolean listening;

	BoardStreams(BoardReader reader, BoardChannel channel, JsonMapper json, EventsProperties settings) {
		this.reader = reader;
		this.channel = channel;
		this.json = json;
		this.settings = settings;
	}

	/**
	 * Opens a stream of a board's first {@code limit} entries, its first event already
	 * queued.
	 * @throws TooManyStreamsException when {@code maxStreams} are open (or the service is
	 * stopping)
	 */
	Opened open(Period period, Scope scope, int limit) {
		if (!this.running) {
			throw new TooManyStreamsException(this.settings.maxStreams());
		}
		if (this.open.incrementAndGet() > this.settings.maxStreams()) {
			this.open.decrementAndGet();
			throw new TooManyStreamsException(this.settings.maxStreams());
		}
		Stream stream = null;
		try {
			Sourced<BoardPage> first = this.reader.board(period, scope, limit, 0);
			SseEmitter emitter = new SseEmitter(this.settings.timeout().toMillis());
			// the id the change messages name: daily, daily:region:eu
			stream = new Stream(period.id() + scope.suffix(), period, scope, limit, emitter);
			Stream opened = stream;
			emitter.onCompletion(() -> release(opened));
			emitter.onTimeout(() -> {
				release(opened);
				emitter.complete();
			});
			emitter.onError((ex) -> release(opened));
			this.streams.add(stream);
			stream.offer(first, this.json.writeValueAsString(first.value()));
			return new Opened(emitter, first.source().header());
		}
		catch (RuntimeException ex) {
			if (stream == null) {
				this.open.decrementAndGet();
			}
			else {
				release(stream);
			}
			throw ex;
		}
	}

	/** A new stream and the source of its first read. */
	record Opened(SseEmitter emitter, String source) {
	}

	int openStreams() {
		return this.open.get();
	}

	/** Boards changed (an empty list: any may have): read them again, paced. */
	void changed(List<String> boards) {
		Set<String> watched = this.streams.stream().map(Stream::board).collect(Collectors.toSet());
		for (String board : boards.isEmpty() ? watched : boards) {
			if (watched.contains(board)) {
				schedule(board);
			}
		}
	}

	private void schedule(String board) {
		Pacing pace = this.pacing.computeIfAbsent(board,
				(id) -> new Pacing(System.nanoTime() - this.settings.minInterval().toNanos()));
		synchronized (pace) {
			if (pace.scheduled || !this.running) {
				return;
			}
			long wait = Math.max(0, pace.lastRead + this.settings.minInterval().toNanos() - System.nanoTime());
			try {
				this.readers.schedule(() -> push(board, pace), wait, TimeUnit.NANOSECONDS);
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
		Map<Integer, List<Stream>> byLimit = this.streams.stream()
			.filter((stream) -> stream.board().equals(board))
			.collect(Collectors.groupingBy(Stream::limit));
		byLimit.forEach((limit, watching) -> {
			try {
				Stream first = watching.get(0);
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

	private void heartbeat() {
		this.streams.forEach(Stream::heartbeat);
	}

	private void release(Stream stream) {
		if (stream.release()) {
			this.streams.remove(stream);
			this.open.decrementAndGet();
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.readers = Executors.newScheduledThreadPool(2, (r) -> {
			Thread thread = new Thread(r, "board-events");
			thread.setDaemon(true);
			return thread;
		});
		this.pacing.clear();
		this.running = true;
		if (!this.listening) {
			this.listening = true;
			this.channel.listen(this::changed);
		}
		long heartbeat = this.settings.heartbeat().toMillis();
		this.readers.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		long refresh = this.settings.refresh().toMillis();
		this.readers.scheduleWithFixedDelay(() -> changed(List.of()), refresh, refresh, TimeUnit.MILLISECONDS);
	}

	/** Completes every stream, so that the graceful shutdown does not wait for them. */
	@Override
	public synchronized void stop() {
		this.running = false;
		this.readers.shutdownNow();
		this.streams.forEach((stream) -> {
			release(stream);
			stream.complete();
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** When a board was last read for its streams, and whether a read is pending. */
	private static final class Pacing {

		long lastRead;

		boolean scheduled;

		Pacing(long lastRead) {
			this.lastRead = lastRead;
		}

	}

	/** One open stream: what it watches and what it was last sent. */
	private final class Stream {

		private final String board;

		private final Period period;

		private final Scope scope;

		private final int limit;

		private final SseEmitter emitter;

		private final AtomicBoolean released = new AtomicBoolean();

		private String lastBody;

		private String lastSource;

		Stream(String board, Period period, Scope scope, int limit, SseEmitter emitter) {
			this.board = board;
			this.period = period;
			this.scope = scope;
			this.limit = limit;
			this.emitter = emitter;
		}

		String board() {
			return this.board;
		}

		Period period() {
			return this.period;
		}

		Scope scope() {
			return this.scope;
		}

		int limit() {
			return this.limit;
		}

		/** Sends the read if it differs from what this stream saw last. */
		synchronized void offer(Sourced<BoardPage> read, String body) {
			try {
				String source = read.source().header();
				if (!source.equals(this.lastSource)) {
					SseEmitter.SseEventBuilder event = SseEmitter.event().name("source").data(source);
					if (this.lastSource == null) {
						event.reconnectTime(RECONNECT_MILLIS);
					}
					this.emitter.send(event);
					this.lastSource = source;
				}
				if (!body.equals(this.lastBody)) {
					this.emitter.send(SseEmitter.event().name("board").data(body));
					this.lastBody = body;
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away (or the stream was completed meanwhile)
				gone();
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

		private void gone() {
			BoardStreams.this.release(this);
			complete();
		}

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

}
