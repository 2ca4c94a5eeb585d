package app.leaderboard.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.leaderboard.store.postgres.WebhookOutbox;

/**
 * Delivers due events, one at a time and oldest boundary first, from whichever instance
 * holds the claim ({@link WebhookOutbox#claimNext}, in PostgreSQL, so it works with Redis
 * down). Each attempt POSTs the body made with the event, byte for byte, signed; a 2xx
 * answer delivers it, anything else (another status, no answer within 5 s, no connection)
 * is tried again later ({@link RetrySchedule}) with the same id and body. What is logged
 * names the event and the outcome, never the URL or the secret.
 */
@Component
class WebhookSender {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	/** An attempt that has no answer within this is a failure. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** How long a claim keeps other instances from sending: well past one attempt. */
	static final Duration CLAIM = Duration.ofSeconds(30);

	/** Events sent per tick at most, so that a tick ends in bounded time. */
	static final int MAX_PER_TICK = 50;

	private final WebhookOutbox outbox;

	private final Clock clock;

	/** HTTP/1.1: no h2c upgrade offered to a plain-http receiver. */
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	WebhookSender(WebhookOutbox outbox, Clock clock) {
		this.outbox = outbox;
		this.clock = clock;
	}

	/** Sends what is due; returns how many attempts were made. */
	int sendDue(URI url, WebhookSignature signature) {
		int attempts = 0;
		while (attempts < MAX_PER_TICK) {
			Optional<WebhookOutbox.Claimed> claimed = this.outbox.claimNext(this.clock.instant(), CLAIM);
			if (claimed.isEmpty()) {
				break;
			}
			attempts++;
			if (!send(url, signature, claimed.get())) {
				// the receiver is failing: the next event waits for the next tick
				break;
			}
		}
		return attempts;
	}

	private boolean send(URI url, WebhookSignature signature, WebhookOutbox.Claimed event) {
		String outcome = attempt(url, signature, event);
		Instant now = this.clock.instant();
		if (outcome.startsWith("HTTP 2")) {
			this.outbox.delivered(event, now, outcome);
			log.info("Webhook event {} ({} {}) delivered: {} (attempt {})", event.id(), event.kind(), event.subject(),
					outcome, event.attempts());
			return true;
		}
		Instant next = RetrySchedule.next(event.attempts(), now, event.giveUpAt());
		this.outbox.failed(event, now, outcome, next);
		if (next != null) {
			log.warn("Webhook event {} ({} {}) not delivered: {} (attempt {}); next attempt at {}", event.id(),
					event.kind(), event.subject(), outcome, event.attempts(), next);
		}
		else {
			log.error("Webhook event {} ({} {}) given up after {} attempts in {}: {}", event.id(), event.kind(),
					event.subject(), event.attempts(), RetrySchedule.DELIVER_FOR, outcome);
		}
		return false;
	}

	/**
	 * One POST; the outcome as logged and kept: {@code HTTP 204}, {@code timeout}, or the
	 * kind of failure (never an exception's message, which may hold the URL).
	 */
	private String attempt(URI url, WebhookSignature signature, WebhookOutbox.Claimed event) {
		HttpRequest request = HttpRequest.newBuilder(url)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("User-Agent", "leaderboard-webhook")
			.header("X-Leaderboard-Event", event.kind())
			.header("X-Leaderboard-Event-Id", event.id())
			.header(WebhookSignature.HEADER, signature.sign(event.body()))
			.POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			return "HTTP " + response.statusCode();
		}
		catch (HttpTimeoutException ex) {
			return "timeout";
		}
		catch (IOException | RuntimeException ex) {
			return "failed (" + ex.getClass().getSimpleName() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
