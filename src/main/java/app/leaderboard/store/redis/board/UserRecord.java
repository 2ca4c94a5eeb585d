package app.leaderboard.store.redis.board;

import java.time.Instant;

import app.leaderboard.core.Membership;

/**
 * A user's entry in the user cache hash: {@code version:updatedMillis:region:org:hidden},
 * for example {@code 42:1764065700000:eu::0} (an empty field is "none"). Region and
 * organisation names cannot hold ':' ({@code Scope.NAME}). The version comes first so
 * that the Lua guards ({@code user_touch.lua}) can compare it without knowing the rest.
 */
public record UserRecord(long version, Instant updatedAt, Membership membership) {

	public String encode() {
		return this.version + ":" + this.updatedAt.toEpochMilli() + ":" + orEmpty(this.membership.region()) + ":"
				+ orEmpty(this.membership.org()) + ":" + (this.membership.hidden() ? "1" : "0");
	}

	/** Reads an entry; entries written before scopes existed have only two fields. */
	public static UserRecord decode(String value) {
		String[] parts = value.split(":", -1);
		Membership membership = (parts.length >= 5)
				? new Membership(orNull(parts[2]), orNull(parts[3]), "1".equals(parts[4])) : Membership.NONE;
		return new UserRecord(Long.parseLong(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])), membership);
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static String orNull(String value) {
		return value.isEmpty() ? null : value;
	}

}
