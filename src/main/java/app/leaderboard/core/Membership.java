package app.leaderboard.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which boards a user is on: their current region and organisation (either may be null)
 * and whether an operator hid them (then they are on no board at all).
 */
public record Membership(@Nullable String region, @Nullable String org, boolean hidden) {

	public static final Membership NONE = new Membership(null, null, false);

	/** The scopes the user's totals count in: global, then region and org when set. */
	public List<Scope> scopes() {
		List<Scope> scopes = new ArrayList<>(3);
		scopes.add(Scope.GLOBAL);
		Scope.ofRegion(this.region).ifPresent(scopes::add);
		Scope.ofOrg(this.org).ifPresent(scopes::add);
		return scopes;
	}

	/** Whether the user counts on a board of this scope. */
	public boolean member(Scope scope) {
		return !this.hidden && scopes().contains(scope);
	}

	/** The scopes of {@code earlier} that this membership no longer has. */
	public List<Scope> left(Membership earlier) {
		List<Scope> left = new ArrayList<>(earlier.scopes());
		left.removeAll(scopes());
		return left;
	}

}
