package app.leaderboard.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whose board: everyone's (global), one region's or one organisation's (docs/api.md). A
 * board is a {@link PeriodInstance} in a scope; the scope is part of its id and so of its
 * Redis key ({@code daily:2026-11-25:region:eu}).
 */
public record Scope(Kind kind, String name) {

	/** The rule of region and organisation names. */
	public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,32}$");

	public static final Scope GLOBAL = new Scope(Kind.GLOBAL, "");

	public enum Kind {

		GLOBAL(""), REGION("region"), ORG("org");

		private final String id;

		Kind(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

	}

	public Scope {
		if (kind != Kind.GLOBAL && (name == null || !NAME.matcher(name).matches())) {
			throw new IllegalArgumentException("Invalid " + kind.id() + " name");
		}
	}

	public static Scope region(String name) {
		return new Scope(Kind.REGION, name);
	}

	public static Scope org(String name) {
		return new Scope(Kind.ORG, name);
	}

	/** The region's scope, or empty when the user has none. */
	public static Optional<Scope> ofRegion(String name) {
		return Optional.ofNullable(name).map(Scope::region);
	}

	public static Optional<Scope> ofOrg(String name) {
		return Optional.ofNullable(name).map(Scope::org);
	}

	public boolean global() {
		return this.kind == Kind.GLOBAL;
	}

	/** The suffix of a board id: empty for the global board, else {@code :region:eu}. */
	public String suffix() {
		return global() ? "" : ":" + this.kind.id() + ":" + this.name;
	}

}
