import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The personal feeds' load (bench/run.sh feeds): opens FEEDS personal feeds
 * ({@code GET /user/{id}/events?period=daily}) of users spread over the generated set, waits
 * for each one's first event, then sends RATE updates a second ({@code POST /update}, one
 * pomodoro) to those same users in turn for SECONDS, and measures, for each update, the time
 * from just before it was sent until the first event of that user's feed whose score is at
 * least the daily total the update answered. With FEEDS 0 it sends the same updates to the
 * same users with no feed open: the baseline for the CPU the feeds add.
 *
 * <p>
 * The CPU of the processes named by PIDS (comma-separated, e.g. the service's and Redis's)
 * is read from /proc at the start and the end of the timed phase only, so opening the feeds
 * is not counted. Updates still unanswered two seconds after the end are reported as
 * unmatched, a feed's events counted whatever they say. JDK only; all streams share one
 * HttpClient (no thread per stream).
 *
 * <p>
 * Run: {@code java bench/java/FeedLoad.java BASE_URL USERS FEEDS RATE SECONDS PIDS [TICK_MS [TARGETS]]},
 * e.g. {@code java bench/java/FeedLoad.java http://127.0.0.1:18081 1000000 1000 500 30 1234,5678 10 1000}.
 * TARGETS (default FEEDS) is how many users the updates go to, user-1 and then every
 * USERS/TARGETS-th; the first FEEDS of them are followed. The baseline passes FEEDS 0 and
 * the same TARGETS. Unmatched updates (and, on stderr, the first few of them with their
 * feed's last events) are counted among followed users only.
 * Prints one line {@code FEEDLOAD key=value ...}. The service must allow FEEDS streams to
 * this client ({@code LEADERBOARD_EVENTS_PER_CLIENT}) and to the instance
 * ({@code leaderboard.events.max-streams}).
 */
public class FeedLoad {

	private static final String API = "/api/redis-leaderboard";

	private static final Pattern SCORE = Pattern.compile("\"score\":(\\d+)");

	private static final Pattern DAILY = Pattern.compile("\"daily_pomo\":(\\d+)");

	/** One fed user: the updates waiting for their event, and the recent events. */
	static final class Fed {

		final String userId;

		/** {sent nanos, expected score (-1 until the answer came)} */
		final ArrayDeque<long[]> pending = new ArrayDeque<>();

		/** the last events: {arrival nanos, score} */
		final ArrayDeque<long[]> events = new ArrayDeque<>();

		Fed(String userId) {
			this.userId = userId;
		}

	}

	static final List<Long> latenciesNanos = new ArrayList<>();

	static final AtomicLong eventCount = new AtomicLong();

	static volatile boolean timing;

	public static void main(String[] args) throws Exception {
		String base = args[0];
		long users = Long.parseLong(args[1]);
		int feeds = Integer.parseInt(args[2]);
		int rate = Integer.parseInt(args[3]);
		int seconds = Integer.parseInt(args[4]);
		String[] pids = (args.length > 5 && !args[5].isEmpty()) ? args[5].split(",") : new String[0];
		long tickMs = (args.length > 6) ? Long.parseLong(args[6]) : 10;
		// the users updated (and, with FEEDS > 0, followed): as many as there would be
		// feeds, spread evenly over user-1 .. user-USERS
		int targets = Math.max(1, (args.length > 7) ? Integer.parseInt(args[7]) : feeds);
		long step = Math.max(1, users / targets);
		Fed[] fed = new Fed[targets];
		for (int i = 0; i < targets; i++) {
			fed[i] = new Fed("user-" + (1 + i * step));
		}
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();

		// open the feeds, a few at a time, and wait for each one's first event
		CountDownLatch first = new CountDownLatch(feeds);
		AtomicLong failedOpens = new AtomicLong();
		for (int i = 0; i < feeds; i++) {
			Fed f = fed[i];
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(base + API + "/user/" + f.userId + "/events?period=daily"))
				.header("Accept", "text/event-stream")
				.build();
			Lines lines = new Lines(f, first);
			client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines))
				.whenComplete((response, failure) -> {
					if ((failure != null || response.statusCode() != 200) && lines.done()) {
						failedOpens.incrementAndGet();
					}
				});
			if (i % 50 == 49) {
				Thread.sleep(50);
			}
		}
		boolean allOpen = first.await(120, TimeUnit.SECONDS);
		long opened = feeds - first.getCount() - failedOpens.get();
		Thread.sleep(2000);

		// timed phase: RATE updates a second, round robin over the targets
		long[] cpu0 = ticks(pids);
		long wall0 = System.nanoTime();
		timing = true;
		long intervalNanos = 1_000_000_000L / Math.max(1, rate);
		long total = (long) rate * seconds;
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicLong inflight = new AtomicLong();
		for (long n = 0; n < total; n++) {
			long due = wall0 + n * intervalNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			Fed f = fed[(int) (n % targets)];
			long[] entry = { System.nanoTime(), -1 };
			synchronized (f) {
				f.pending.addLast(entry);
			}
			inflight.incrementAndGet();
			HttpRequest update = HttpRequest.newBuilder(URI.create(base + API + "/update"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + f.userId + "\",\"count\":1}"))
				.build();
			client.sendAsync(update, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
				inflight.decrementAndGet();
				if (failure != null || response.statusCode() != 200) {
					failed.incrementAndGet();
					synchronized (f) {
						f.pending.remove(entry);
					}
					return;
				}
				ok.incrementAndGet();
				Matcher m = DAILY.matcher(response.body());
				long expected = m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
				synchronized (f) {
					entry[1] = expected;
					// the event may have come before the answer
					for (long[] event : f.events) {
						if (event[0] >= entry[0] && event[1] >= expected) {
							record(event[0] - entry[0]);
							f.pending.remove(entry);
							break;
						}
					}
				}
			});
		}
		long sendNanos = System.nanoTime() - wall0;
		// the timed phase ends when the last update is sent and answered
		for (int i = 0; i < 200 && inflight.get() > 0; i++) {
			Thread.sleep(50);
		}
		long wall1 = System.nanoTime();
		long[] cpu1 = ticks(pids);
		// late events still count (up to 2 s past the 2 s target, then they are unmatched)
		Thread.sleep((feeds > 0) ? 4000 : 0);
		timing = false;
		long unmatched = 0;
		long end = System.nanoTime();
		for (int i = 0; i < feeds; i++) {
			Fed f = fed[i];
			synchronized (f) {
				if (!f.pending.isEmpty() && unmatched < 5) {
					// to stderr: what an unmatched update waited for, and the feed's last events
					StringBuilder what = new StringBuilder(f.userId + " pending");
					f.pending.forEach((e) -> what.append(String.format(Locale.ROOT, " [%.0f ms ago, expects %d]", (end - e[0]) / 1e6, e[1])));
					what.append(" events");
					f.events.forEach((e) -> what.append(String.format(Locale.ROOT, " [%.0f ms ago, score %d]", (end - e[0]) / 1e6, e[1])));
					System.err.println(what);
				}
				unmatched += f.pending.size();
			}
		}
		long[] sorted;
		synchronized (latenciesNanos) {
			sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
		}
		double wallS = (wall1 - wall0) / 1e9;
		StringBuilder cpu = new StringBuilder();
		for (int i = 0; i < pids.length; i++) {
			cpu.append(String.format(Locale.ROOT, " cpu_ms_%d=%d", i, (cpu1[i] - cpu0[i]) * tickMs));
		}
		System.out.printf(Locale.ROOT,
				"FEEDLOAD feeds=%d opened=%d failed_opens=%d all_open=%s updates=%d ok=%d failed=%d "
						+ "send_rate=%.1f wall_s=%.2f events=%d matched=%d unmatched=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%s%n",
				feeds, opened, failedOpens.get(), allOpen, total, ok.get(), failed.get(), total / (sendNanos / 1e9), wallS,
				eventCount.get(), sorted.length, unmatched, pct(sorted, 0.50), pct(sorted, 0.99),
				(sorted.length > 0) ? sorted[sorted.length - 1] / 1e6 : 0.0, cpu);
		System.exit(0);
	}

	static void record(long nanos) {
		if (timing) {
			synchronized (latenciesNanos) {
				latenciesNanos.add(nanos);
			}
		}
	}

	static double pct(long[] sorted, double q) {
		if (sorted.length == 0) {
			return 0;
		}
		int i = (int) Math.ceil(q * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
	}

	/** user + system clock ticks of each process, from /proc/PID/stat */
	static long[] ticks(String[] pids) {
		long[] out = new long[pids.length];
		for (int i = 0; i < pids.length; i++) {
			try {
				String stat = Files.readString(Path.of("/proc", pids[i].trim(), "stat"));
				String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// fields 14 and 15 of stat (utime, stime) are 11 and 12 after "pid (comm) "
				out[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
			}
			catch (Exception ex) {
				out[i] = 0;
			}
		}
		return out;
	}

	/** One feed's lines: "event:rank" then "data:{...}". */
	static final class Lines implements Flow.Subscriber<String> {

		private final Fed fed;

		private final CountDownLatch first;

		private final java.util.concurrent.atomic.AtomicBoolean seenFirst = new java.util.concurrent.atomic.AtomicBoolean();

		private String event = "";

		Lines(Fed fed, CountDownLatch first) {
			this.fed = fed;
			this.first = first;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (line.startsWith("event:")) {
				this.event = line.substring(6).trim();
				return;
			}
			if (!line.startsWith("data:") || !this.event.equals("rank")) {
				return;
			}
			long now = System.nanoTime();
			done();
			eventCount.incrementAndGet();
			Matcher m = SCORE.matcher(line);
			long score = m.find() ? Long.parseLong(m.group(1)) : -1;
			synchronized (this.fed) {
				this.fed.events.addLast(new long[] { now, score });
				while (this.fed.events.size() > 8) {
					this.fed.events.removeFirst();
				}
				var it = this.fed.pending.iterator();
				while (it.hasNext()) {
					long[] entry = it.next();
					if (entry[1] >= 0 && score >= entry[1]) {
						record(now - entry[0]);
						it.remove();
					}
				}
			}
		}

		@Override
		public void onError(Throwable throwable) {
			done();
		}

		/** Counts the feed as settled (first event, or failed) once; true the first time. */
		boolean done() {
			if (this.seenFirst.compareAndSet(false, true)) {
				this.first.countDown();
				return true;
			}
			return false;
		}

		@Override
		public void onComplete() {
		}

	}

}
