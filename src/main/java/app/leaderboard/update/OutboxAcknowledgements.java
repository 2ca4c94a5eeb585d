package app.leaderboard.update;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.leaderboard.store.postgres.OutboxStore;

/**
 * Outbox rows whose update reached Redis directly are deleted here in batches, off the
 * request path. If the process dies first, the relay simply applies them once more; that
 * is harmless because Redis writes are absolute and guarded.
 */
@Component
class OutboxAcknowledgements {

	private static final Logger log = LoggerFactory.getLogger(OutboxAcknowledgements.class);

	private final ConcurrentLinkedQueue<Long> applied = new ConcurrentLinkedQueue<>();

	private final OutboxStore store;

	public OutboxAcknowledgements(OutboxStore store) {
		this.store = store;
	}

	void applied(long outboxId) {
		this.applied.add(outboxId);
	}

	@Scheduled(fixedDelay = 200)
	public void flush() {
		List<Long> batch = new ArrayList<>();
		Long id;
		while (batch.size() < 10_000 && (id = this.applied.poll()) != null) {
			batch.add(id);
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.store.deleteOutbox(batch);
		}
		catch (DataAccessException ex) {
			// the relay will apply and delete these rows instead
			log.debug("Could not forget {} applied outbox rows: {}", batch.size(), ex.getMessage());
		}
	}

}
