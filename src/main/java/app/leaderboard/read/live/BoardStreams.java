package app.leaderboard.read.live;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.read.BoardPage;
import app.leaderboard.read.BoardReader;
import app.leaderboard.read.Sourced;
import app.leaderboard.store.redis.coordination.BoardChannel;

/**
 * The open board event streams of this instance: their places ({@link StreamPlaces},
 * shared with the personal feeds), an event on connect, a heartbeat comment, and every
 * stream completed when the service stops (a {@link SmartLifecycle} of the default phase
 * stops before the web server's graceful shutdown, which would otherwise wait for the
 * open streams). A change message for a board (from the Redis channel, so from any
 * instance) goes to {@link BoardFanOut}, which reads the board again and sends it to the
 * streams that watch it; a periodic re-read of every watched board is the net for changes
 * that publish no message.
 */
class BoardStreams implements SmartLifecycle {

	private final BoardReader reader;

	private final BoardChannel channel;

	private final JsonMapper json;

	private final EventsProperties settings;

	/** The open streams and their places. */
	private final Map<BoardStream, StreamPlaces.Place> streams = new ConcurrentHashMap<>();

	private final StreamPlaces places;

	private final BoardFanOut fanOut;

	/**
	 * Reads, heartbeats and refreshes; a new one on every start (tests stop and restart).
	 */
	private volatile ScheduledExecutorService readers;

	private volatile boolean running;

	private volatile boolean listening;

	BoardStreams(BoardReader reader, BoardChannel channel, JsonMapper json, EventsProperties settings,
			StreamPlaces places) {
		this.reader = reader;
		this.channel = channel;
		this.json = json;
		this.settings = settings;
		this.places = places;
		this.fanOut = new BoardFanOut(reader, json, settings.minInterval(), this.streams.keySet());
	}

	/**
	 * Opens a stream of a board's first {@code limit} entries, its first event already
	 * queued.
	 * @throws TooManyStreamsException when {@code maxStreams} are open (or the service is
	 * stopping)
	 * @throws TooManyClientStreamsException when {@code client} holds as many as it may
	 */
	Opened open(Period period, Scope scope, int limit, String client) {
		if (!this.running) {
			throw new TooManyStreamsException(this.settings.maxStreams());
		}
		StreamPlaces.Place place = this.places.take(client);
		BoardStream stream = null;
		try {
			Sourced<BoardPage> first = this.reader.board(period, scope, limit, 0);
			SseEmitter emitter = new SseEmitter(this.settings.timeout().toMillis());
			// the id the change messages name: daily, daily:region:eu
			stream = new BoardStream(period.id() + scope.suffix(), period, scope, limit, emitter, this::release);
			BoardStream opened = stream;
			emitter.onCompletion(() -> release(opened));
			emitter.onTimeout(() -> {
				release(opened);
				emitter.complete();
			});
			emitter.onError((ex) -> release(opened));
			this.streams.put(stream, place);
			stream.offer(first, this.json.writeValueAsString(first.value()));
			return new Opened(emitter, first.source().header());
		}
		catch (RuntimeException ex) {
			if (stream != null) {
				release(stream);
			}
			// given back once, whether the stream held it yet or not
			place.release();
			throw ex;
		}
	}

	/** A new stream and the source of its first read. */
	record Opened(SseEmitter emitter, String source) {
	}

	/** Board streams open on this instance. */
	int openStreams() {
		return this.streams.size();
	}

	/** Boards changed (an empty list: any may have): read them again, paced. */
	void changed(List<String> boards) {
		this.fanOut.changed(boards);
	}

	private void heartbeat() {
		this.streams.keySet().forEach(BoardStream::heartbeat);
	}

	private void release(BoardStream stream) {
		if (stream.release()) {
			StreamPlaces.Place place = this.streams.remove(stream);
			if (place != null) {
				place.release();
			}
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
		this.fanOut.start(this.readers);
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
		this.fanOut.stop();
		this.readers.shutdownNow();
		this.streams.keySet().forEach((stream) -> {
			release(stream);
			stream.complete();
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
