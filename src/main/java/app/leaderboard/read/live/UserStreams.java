package app.leaderboard.read.live;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UnknownUserException;
import app.leaderboard.http.AuthenticationFailedException;
import app.leaderboard.store.redis.coordination.BoardChannel;

/**
 * The open personal feeds of this instance (docs/api.md). They hear of changes the way
 * the board feeds do, through the Redis board-change channel, so an update taken by any
 * instance reaches them: a message naming a board re-reads the feeds that follow it, each
 * at most once per {@code minInterval}, and a feed whose user's rank or score did not
 * change sends nothing. A feed costs nothing while its board is quiet; on a busy board it
 * costs one standing read (two Redis round trips) a second. A clock tick re-reads the
 * feeds of a period when its current instance changes (the boundary event), and the
 * periodic refresh of {@link EventsProperties} catches what publishes no message.
 */
class UserStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UserStreams.class);

	/**
	 * Threads that read standings. A read waits on two or three Redis round trips, so the
	 * waiting, not the CPU, bounds how many feeds are read a second: with 1,000 feeds on
	 * a busy board, 16 threads sent twice the events that 4 did (bench runs Y2 and Z,
	 * BENCHMARKS.md).
	 */
	private static final int READERS = 16;

	/** How often the clock is asked whether a period ended. */
	private static final long BOUNDARY_TICK_MILLIS = 200;

	private final UserStandings standings;

	private final BoardChannel channel;

	private final JsonMapper json;

	private final EventsProperties settings;

	private final StreamPlaces places;

	private final DisplayNames names;

	private final Periods periods;

	/** The open streams, their places, and which organisations each may follow into. */
	private final Map<UserStream, Held> streams = new ConcurrentHashMap<>();

	/** The current instance of each period, as last seen by the boundary tick. */
	private final Map<Period, LocalDate> currentStarts = new EnumMap<>(Period.class);

	private volatile @Nullable ScheduledExecutorService readers;

	private volatile boolean running;

	private volatile boolean listening;

	UserStreams(UserStandings standings, BoardChannel channel, JsonMapper json, EventsProperties settings,
			StreamPlaces places, DisplayNames names, Periods periods) {
		this.standings = standings;
		this.channel = channel;
		this.json = json;
		this.settings = settings;
		this.places = places;
		this.names = names;
		this.periods = periods;
	}

	private record Held(StreamPlaces.Place place, Predicate<String> orgs) {
	}

	/** A new stream and the source of its first read. */
	record Opened(SseEmitter emitter, String source) {
	}

	/**
	 * Opens a user's feed, its first event already queued.
	 * @param orgs the organisations whose boards the request may read
	 * @throws UnknownUserException for a user never recorded
	 * @throws TooManyClientStreamsException when {@code client} holds as many as it may
	 * @throws TooManyStreamsException when the instance serves as many as it may
	 */
	Opened open(String userId, Period period, Scope asked, String client, Predicate<String> orgs) {
		if (!this.running) {
			throw new TooManyStreamsException(this.settings.maxStreams());
		}
		UserStandings.Standing first = this.standings.read(userId, period, asked);
		if (!readable(first, orgs)) {
			throw new AuthenticationFailedException(HttpStatus.FORBIDDEN,
					"The user is in an organisation whose boards this token may not read.");
		}
		StreamPlaces.Place place = this.places.take(client);
		UserStream stream = null;
		try {
			SseEmitter emitter = new SseEmitter(this.settings.timeout().toMillis());
			stream = new UserStream(userId, period, asked, emitter, this::release);
			UserStream opened = stream;
			emitter.onCompletion(() -> release(opened));
			emitter.onTimeout(() -> {
				release(opened);
				emitter.complete();
			});
			emitter.onError((ex) -> release(opened));
			this.streams.put(stream, new Held(place, orgs));
			stream.lastRead = System.nanoTime();
			stream.offer(first, this.names, this.json);
			return new Opened(emitter, first.source().header());
		}
		catch (RuntimeException ex) {
			if (stream != null) {
				release(stream);
			}
			place.release();
			throw ex;
		}
	}

	/** Personal feeds open on this instance. */
	int openStreams() {
		return this.streams.size();
	}

	/**
	 * Boards changed (an empty list: any may have): re-read the feeds that follow them.
	 */
	void changed(List<String> boards) {
		Set<String> changed = Set.copyOf(boards);
		for (UserStream stream : this.streams.keySet()) {
			if (changed.isEmpty() || changed.contains(stream.board())) {
				schedule(stream);
			}
		}
	}

	/**
	 * Re-reads the feeds of every period whose current instance is not the one seen.
	 * Every period is looked at, watched or not, so a feed opened just before a boundary
	 * still gets its event.
	 */
	private void boundaries() {
		for (Period period : Period.values()) {
			LocalDate start = this.periods.current(period).startDate();
			LocalDate seen = this.currentStarts.put(period, start);
			if (seen != null && !seen.equals(start)) {
				this.streams.keySet().stream().filter((stream) -> stream.period() == period).forEach(this::schedule);
			}
		}
	}

	private void schedule(UserStream stream) {
		ScheduledExecutorService pool = this.readers;
		synchronized (stream.pacing) {
			if (stream.scheduled || !this.running || pool == null) {
				return;
			}
			long wait = Math.max(0, stream.lastRead + this.settings.minInterval().toNanos() - System.nanoTime());
			try {
				pool.schedule(() -> read(stream), wait, TimeUnit.NANOSECONDS);
				stream.scheduled = true;
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	private void read(UserStream stream) {
		synchronized (stream.pacing) {
			stream.scheduled = false;
			stream.lastRead = System.nanoTime();
		}
		Held held = this.streams.get(stream);
		if (held == null) {
			return;
		}
		try {
			UserStandings.Standing standing = this.standings.read(stream.userId(), stream.period(), stream.asked());
			if (!readable(standing, held.orgs())) {
				// the user moved to an organisation this client may not read: the feed
				// ends
				stream.end();
				return;
			}
			stream.offer(standing, this.names, this.json);
		}
		catch (UnknownUserException ex) {
			// erased: there is nothing left to show
			stream.end();
		}
		catch (RuntimeException ex) {
			// Redis down with the fallback off, or PostgreSQL too: the next change or
			// refresh tries again
			log.debug("Could not read {}'s standing for a feed: {}", stream.userId(), ex.getClass().getSimpleName());
		}
	}

	private static boolean readable(UserStandings.Standing standing, Predicate<String> orgs) {
		return standing.scope().kind() != Scope.Kind.ORG || orgs.test(standing.scope().name());
	}

	private void release(UserStream stream) {
		if (stream.release()) {
			Held held = this.streams.remove(stream);
			if (held != null) {
				held.place().release();
			}
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		ScheduledExecutorService pool = Executors.newScheduledThreadPool(READERS, (r) -> {
			Thread thread = new Thread(r, "user-events");
			thread.setDaemon(true);
			return thread;
		});
		this.readers = pool;
		this.currentStarts.clear();
		this.running = true;
		if (!this.listening) {
			this.listening = true;
			this.channel.listen(this::changed);
		}
		long heartbeat = this.settings.heartbeat().toMillis();
		pool.scheduleWithFixedDelay(() -> this.streams.keySet().forEach(UserStream::heartbeat), heartbeat, heartbeat,
				TimeUnit.MILLISECONDS);
		long refresh = this.settings.refresh().toMillis();
		pool.scheduleWithFixedDelay(() -> changed(List.of()), refresh, refresh, TimeUnit.MILLISECONDS);
		pool.scheduleWithFixedDelay(this::boundaries, BOUNDARY_TICK_MILLIS, BOUNDARY_TICK_MILLIS,
				TimeUnit.MILLISECONDS);
	}

	/** Completes every stream, so that the graceful shutdown does not wait for them. */
	@Override
	public synchronized void stop() {
		this.running = false;
		ScheduledExecutorService pool = this.readers;
		if (pool != null) {
			pool.shutdownNow();
		}
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
