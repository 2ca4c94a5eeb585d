package app.leaderboard.store.redis.board;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

import app.leaderboard.core.Membership;
import app.leaderboard.core.Profile;
import app.leaderboard.core.Streak;

/**
 * A user's entry in the user cache hash:
 * {@code version:updatedMillis:region:org:hidden:run:longest:lastEpochDay:name}, for
 * example {@code 42:1764065700000:eu::0:3:9:20417:Alice} (an empty field is "none").
 * Region and organisation names cannot hold ':' ({@code Scope.NAME}); the name can, so it
 * comes last. The version comes first so that the Lua guards ({@code user_touch.lua}) can
 * compare it without knowing the rest.
 */
public record UserRecord(long version, Instant updatedAt, Membership membership, Profile profile) {

	/** The fields of a complete entry; older entries have two or five. */
	static final int FIELDS = 9;

	public UserRecord(long version, Instant updatedAt, Membership membership) {
		this(version, updatedAt, membership, Profile.NONE);
	}

	public String encode() {
		Streak streak = this.profile.streak();
		return this.version + ":" + this.updatedAt.toEpochMilli() + ":" + orEmpty(this.membership.region()) + ":"
				+ orEmpty(this.membership.org()) + ":" + (this.membership.hidden() ? "1" : "0") + ":" + streak.run()
				+ ":" + streak.longest() + ":" + ((streak.lastDay() != null) ? streak.lastDay().toEpochDay() : "") + ":"
				+ orEmpty(this.profile.displayName());
	}

	/**
	 * Reads an entry; entries written before scopes existed have only two fields, those
	 * written before names and streaks five ({@link #complete}).
	 */
	public static UserRecord decode(String value) {
		String[] parts = value.split(":", FIELDS);
		Membership membership = (parts.length >= 5)
				? new Membership(orNull(parts[2]), orNull(parts[3]), "1".equals(parts[4])) : Membership.NONE;
		Profile profile = (parts.length >= FIELDS)
				? new Profile(orNull(parts[8]),
						new Streak(Integer.parseInt(parts[5]), Integer.parseInt(parts[6]),
								parts[7].isEmpty() ? null : LocalDate.ofEpochDay(Long.parseLong(parts[7]))))
				: Profile.NONE;
		return new UserRecord(Long.parseLong(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])), membership,
				profile);
	}

	/** Whether the entry holds a name and a streak: written since they exist. */
	public static boolean complete(String value) {
		return value.split(":", FIELDS).length >= FIELDS;
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static @Nullable String orNull(String value) {
		return value.isEmpty() ? null : value;
	}

}
