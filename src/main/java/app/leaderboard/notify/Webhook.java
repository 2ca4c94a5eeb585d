package app.leaderboard.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import app.leaderboard.store.postgres.WebhookOutbox;

/**
 * The webhook's timer, on every instance: records the service's first run on its
 * database, starts the event streams when a URL is set, then on each tick makes the
 * events that are due ({@link EventMaker}) and sends what is due ({@link WebhookSender}).
 * A boundary's first attempt is made within one interval (5 s by default) of it, and of
 * the instance's start after it.
 */
@Component
class Webhook {

	private static final Logger log = LoggerFactory.getLogger(Webhook.class);

	/** Delivered and given-up events are kept this long, for operators, then deleted. */
	static final Duration KEEP = Duration.ofDays(30);

	private final WebhookProperties properties;

	private final WebhookOutbox outbox;

	private final EventMaker maker;

	private final WebhookSender sender;

	private final Clock clock;

	private final Instant started;

	private volatile boolean prepared;

	Webhook(WebhookProperties properties, WebhookOutbox outbox, EventMaker maker, WebhookSender sender, Clock clock) {
		this.properties = properties;
		this.outbox = outbox;
		this.maker = maker;
		this.sender = sender;
		this.clock = clock;
		this.started = clock.instant();
	}

	/** At start (not in the CLI): the first run and the streams, before any tick. */
	@EventListener(ApplicationReadyEvent.class)
	void ready(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext) {
			log.info("Webhook {}",
					this.properties.enabled() ? "on: period and league season ends are POSTed to the configured URL"
							: "off: LEADERBOARD_WEBHOOK_URL is not set");
			prepare();
		}
	}

	@Scheduled(initialDelay = 1000, fixedDelayString = "#{@'" + WebhookProperties.BEAN + "'.interval()}")
	void tick() {
		try {
			if (!prepare() || !this.properties.enabled()) {
				return;
			}
			this.maker.makeDue(this.clock.instant());
			this.sender.sendDue(this.properties.url(), new WebhookSignature(this.properties.secret()));
			this.outbox.forget(this.clock.instant().minus(KEEP));
		}
		catch (DataAccessException | TransactionException ex) {
			log.warn("Webhook tick skipped, PostgreSQL did not answer: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Records the first run and, with a URL, starts the streams at this instance's start
	 * (both only where not done before); false while PostgreSQL cannot be asked.
	 */
	private boolean prepare() {
		if (this.prepared) {
			return true;
		}
		try {
			Instant firstRun = this.outbox.recordFirstRun(this.started);
			if (this.properties.enabled()) {
				this.maker.start(this.started.isBefore(firstRun) ? firstRun : this.started);
			}
			this.prepared = true;
			return true;
		}
		catch (DataAccessException | TransactionException ex) {
			log.warn("Webhook not prepared yet, PostgreSQL did not answer: {}", ex.getClass().getSimpleName());
			return false;
		}
	}

}
