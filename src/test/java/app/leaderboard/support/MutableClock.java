package app.leaderboard.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests can set and move, so period boundaries are tested, not hoped for. */
public class MutableClock extends Clock {

	/** Where every test starts unless it sets another moment. */
	public static final Instant DEFAULT = Instant.parse("2026-11-25T10:15:00Z");

	private volatile Instant now = DEFAULT;

	public void set(Instant instant) {
		this.now = instant;
	}

	public void set(String instant) {
		set(Instant.parse(instant));
	}

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
