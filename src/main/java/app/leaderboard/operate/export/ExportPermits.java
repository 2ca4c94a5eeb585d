package app.leaderboard.operate.export;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

/**
 * At most {@link #CONCURRENT} exports at a time on this instance: each holds a PostgreSQL
 * connection and a snapshot for as long as its client reads. One more is refused at once
 * ({@link TooManyExportsException}, 429), never queued.
 */
@Component
class ExportPermits {

	static final int CONCURRENT = 2;

	private final Semaphore permits = new Semaphore(CONCURRENT);

	/** A permit, given back by {@link Permit#close()}. */
	Permit take() {
		if (!this.permits.tryAcquire()) {
			throw new TooManyExportsException(CONCURRENT);
		}
		AtomicBoolean released = new AtomicBoolean();
		return () -> {
			if (released.compareAndSet(false, true)) {
				this.permits.release();
			}
		};
	}

	int available() {
		return this.permits.availablePermits();
	}

	/** An export's place, released once. */
	interface Permit extends AutoCloseable {

		@Override
		void close();

	}

}
