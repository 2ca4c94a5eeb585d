package app.leaderboard.core;

import java.util.regex.Pattern;

/** A user id: letters, digits and {@code _.@:+-}, 1 to 64 of them. */
public final class UserIds {

	/** For {@code @Pattern} on request parameters. */
	public static final String REGEXP = "^[A-Za-z0-9_.@:+-]{1,64}$";

	public static final Pattern PATTERN = Pattern.compile(REGEXP);

	/** What a client is told when an id breaks the rule. */
	public static final String RULE = "user_id must be 1 to 64 characters of letters, digits and _ . @ : + -";

	private UserIds() {
	}

	public static boolean valid(String userId) {
		return userId != null && PATTERN.matcher(userId).matches();
	}

}
