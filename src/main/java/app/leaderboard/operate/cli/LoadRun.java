package app.leaderboard.operate.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import app.leaderboard.read.Source;
import app.leaderboard.read.Sourced;

/**
 * Sends a number of reads from a few threads at once and records each one's latency in an
 * HdrHistogram (one per thread, so recording stays uncontended, merged at the end), and
 * how many were answered from Redis.
 */
final class LoadRun {

	/** One read; {@code i} is the request number, which picks the user and period. */
	@FunctionalInterface
	interface Query {

		Sourced<?> run(long i);

	}

	record Result(Histogram histogram, long fromRedis, long nanos) {

		double qps() {
			return this.histogram.getTotalCount() / (this.nanos / 1e9);
		}

	}

	private final int concurrency;

	LoadRun(int concurrency) {
		this.concurrency = concurrency;
	}

	/** Runs {@code count} queries; a {@code task} name shows a progress bar. */
	Result run(Query query, int count, String task) throws Exception {
		if (count == 0) {
			return new Result(new Histogram(3), 0, 1);
		}
		AtomicLong next = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(this.concurrency);
		Progress progress = (task != null) ? Progress.of(task, count, "req") : null;
		try {
			long started = System.nanoTime();
			List<Future<Long>> workers = new ArrayList<>();
			List<Histogram> histograms = new ArrayList<>();
			for (int t = 0; t < this.concurrency; t++) {
				Histogram histogram = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
				histograms.add(histogram);
				workers.add(threads.submit(() -> {
					long fromRedis = 0;
					long i;
					while ((i = next.getAndIncrement()) < count) {
						long t0 = System.nanoTime();
						Sourced<?> answer = query.run(i);
						histogram.recordValue(System.nanoTime() - t0);
						if (answer.source() == Source.REDIS) {
							fromRedis++;
						}
						if (progress != null && (i % 100) == 0) {
							progress.step(Math.min(100, count - i));
						}
					}
					return fromRedis;
				}));
			}
			long fromRedis = 0;
			for (Future<Long> worker : workers) {
				fromRedis += worker.get();
			}
			long nanos = System.nanoTime() - started;
			Histogram all = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
			histograms.forEach(all::add);
			return new Result(all, fromRedis, nanos);
		}
		finally {
			threads.shutdownNow();
			if (progress != null) {
				progress.close();
			}
		}
	}

}
