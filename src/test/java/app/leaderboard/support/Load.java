package app.leaderboard.support;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.TreeMap;

/**
 * Writers that update a few users as fast as the service answers, and keep an exact
 * account of what was acknowledged. Every update carries its own Idempotency-Key and is
 * re-sent with the same key until it is acknowledged, so even an update whose answer was
 * lost (a killed service, a reset connection) counts exactly once: the expected total of
 * a user is the sum of its acknowledged counts, with no uncertainty.
 */
public final class Load {

	/** The regions and organisations of {@link #withScopes()}. */
	public static final List<String> REGIONS = List.of("eu", "us", "asia");

	public static final List<String> ORGS = List.of("acme", "globex");

	private final List<TestApi> apis;

	private final List<String> users;

	private final int writers;

	private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();

	private final AtomicLong updates = new AtomicLong();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicLong slowestMillis = new AtomicLong();

	private final AtomicLong slowestAttemptMillis = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	private volatile Duration giveUpAfter = Duration.ofSeconds(90);

	private volatile long paceMillis;

	private volatile boolean scopes;

	/** Held shared by each update in flight, exclusively by {@link #quiesce}. */
	private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

	/** Acknowledged counts per user and day, with {@link #countingDays}. */
	private final Map<String, Map<LocalDate, Long>> byDay = new ConcurrentHashMap<>();

	private volatile Supplier<LocalDate> today;

	/** Users the writers leave alone: erased, and not taken up again. */
	private final Set<String> retired = ConcurrentHashMap.newKeySet();

	public Load(TestApi api, List<String> users, int writers) {
		this(List.of(api), users, writers);
	}

	/** Writers spread over several service instances, round robin. */
	public Load(List<TestApi> apis, List<String> users, int writers) {
		this.apis = List.copyOf(apis);
		this.users = List.copyOf(users);
		this.writers = writers;
		this.users.forEach((user) -> this.acknowledged.put(user, new AtomicLong()));
	}

	/**
	 * A pause after each acknowledged update, to hold a steady rate rather than the most
	 * the machine takes.
	 */
	public Load pace(Duration pause) {
		this.paceMillis = pause.toMillis();
		return this;
	}

	/**
	 * Updates also name a region (one of three) and often an organisation (one of two),
	 * so users keep moving between scoped boards while the faults happen.
	 */
	public Load withScopes() {
		this.scopes = true;
		return this;
	}

	/**
	 * Also counts each acknowledged update on the day {@code today} says (the service's
	 * clock), for a test that moves the clock across midnight inside {@link #quiesce}.
	 */
	public Load countingDays(Supplier<LocalDate> today) {
		this.today = today;
		return this;
	}

	/**
	 * Runs {@code work} with no update in flight and none starting: for what changes the
	 * accounting (the clock moved, a user erased).
	 */
	public <T> T quiesce(Supplier<T> work) {
		this.inFlight.writeLock().lock();
		try {
			return work.get();
		}
		finally {
			this.inFlight.writeLock().unlock();
		}
	}

	/**
	 * The user was erased (call inside {@link #quiesce}): nothing of theirs counts any
	 * more, and the writers leave them alone until {@link #reinstate}.
	 */
	public void retire(String user) {
		this.retired.add(user);
		this.acknowledged.get(user).set(0);
		this.byDay.remove(user);
	}

	/** The writers take an erased user up again: a reused id, recorded from zero. */
	public void reinstate(String user) {
		this.retired.remove(user);
	}

	public Set<String> retired() {
		return Set.copyOf(this.retired);
	}

	public Load start() {
		this.running = true;
		for (int i = 0; i < this.writers; i++) {
			TestApi api = this.apis.get(i % this.apis.size());
			Thread thread = new Thread(() -> write(api), "load-writer-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		return this;
	}

	/** Stops after each writer's update in flight is acknowledged. */
	public void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(this.giveUpAfter.toMillis() + 5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private void write(TestApi api) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.running) {
			String user = this.users.get(random.nextInt(this.users.size()));
			this.inFlight.readLock().lock();
			try {
				if (!this.retired.contains(user)) {
					writeOnce(api, random, user);
				}
			}
			finally {
				this.inFlight.readLock().unlock();
			}
		}
	}

	private void writeOnce(TestApi api, ThreadLocalRandom random, String user) {
		int count = 1 + random.nextInt(5);
		String key = UUID.randomUUID().toString();
		String body = "{\"user_id\":\"" + user + "\",\"count\":" + count
				+ (this.scopes ? ",\"region\":\"" + REGIONS.get(random.nextInt(REGIONS.size())) + "\"" : "")
				+ ((this.scopes && random.nextBoolean()) ? ",\"org\":\"" + ORGS.get(random.nextInt(ORGS.size())) + "\""
						: "")
				+ "}";
		long giveUp = System.nanoTime() + this.giveUpAfter.toNanos();
		while (System.nanoTime() < giveUp) {
			long started = System.nanoTime();
			try {
				TestApi.Response response = api.post("/api/redis-leaderboard/update", body, "Idempotency-Key", key);
				this.slowestAttemptMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
				if (response.status() == 200) {
					this.slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
					this.acknowledged.get(user).addAndGet(count);
					if (this.today != null) {
						this.byDay.computeIfAbsent(user, (u) -> new ConcurrentHashMap<>())
							.merge(this.today.get(), (long) count, Long::sum);
					}
					this.updates.incrementAndGet();
					if (this.paceMillis > 0) {
						sleep(this.paceMillis);
					}
					break;
				}
			}
			catch (RuntimeException ex) {
				// connection refused or reset: the same key is sent again below
				this.slowestAttemptMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
			}
			this.failedAttempts.incrementAndGet();
			sleep(50);
		}
	}

	/** The sum of acknowledged counts per user: what every one of its totals must be. */
	public Map<String, Long> acknowledged() {
		Map<String, Long> totals = new TreeMap<>();
		this.acknowledged.forEach((user, total) -> totals.put(user, total.get()));
		return totals;
	}

	/**
	 * The acknowledged counts per user and day ({@link #countingDays}); an erased user's
	 * start again from nothing.
	 */
	public Map<String, Map<LocalDate, Long>> acknowledgedByDay() {
		Map<String, Map<LocalDate, Long>> days = new TreeMap<>();
		this.byDay.forEach((user, counts) -> days.put(user, new TreeMap<>(counts)));
		return days;
	}

	public long updates() {
		return this.updates.get();
	}

	/** Attempts that got no 200 (and were sent again). */
	public long failedAttempts() {
		return this.failedAttempts.get();
	}

	/** The longest an acknowledged update took. */
	public long slowestMillis() {
		return this.slowestMillis.get();
	}

	/** The longest any attempt took, answered or not. */
	public long slowestAttemptMillis() {
		return this.slowestAttemptMillis.get();
	}

	public static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
