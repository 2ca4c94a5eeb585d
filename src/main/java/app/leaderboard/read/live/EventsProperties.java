package app.leaderboard.read.live;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event streams ({@code leaderboard.events.*}).
 *
 * @param maxStreams streams open at once on this instance, board and personal feeds
 * together; one more is refused with 503 (a client's own limit, 429, is
 * {@code LEADERBOARD_EVENTS_PER_CLIENT})
 * @param timeout a stream is closed after this long (the browser reconnects by itself),
 * so no connection lives forever behind a proxy that lost it
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
 * and a gone client is noticed: the second write after the client closed fails, so a
 * closed stream gives its place back within two heartbeats (4 s by default)
 * @param minInterval at most one event per board in this interval: changes in between are
 * coalesced into the next event
 * @param refresh how often every watched board is read again even without a change
 * message: it catches what publishes none (resets, syncs, the outbox relay, a new period,
 * messages lost while Redis was away)
 */
@ConfigurationProperties("leaderboard.events")
@Validated
record EventsProperties(@DefaultValue("200") @Min(value = 0, message = "must be 0 or more") int maxStreams,
		@DefaultValue("30m") Duration timeout, @DefaultValue("2s") Duration heartbeat,
		@DefaultValue("1s") Duration minInterval, @DefaultValue("5s") Duration refresh) {

}
