package app.leaderboard.read;

import java.util.Locale;

/** Where a read was answered from; sent as {@code X-Leaderboard-Source}. */
public enum Source {

	REDIS, POSTGRES;

	public static final String HEADER = "X-Leaderboard-Source";

	public String header() {
		return name().toLowerCase(Locale.ROOT);
	}

}
