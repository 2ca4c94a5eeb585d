package app.leaderboard.read;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import app.leaderboard.core.Scope;
import app.leaderboard.http.InvalidRequestException;
import app.leaderboard.http.security.ScopeAccess;

/**
 * The {@code ?region=R} and {@code ?org=O} of every board read (docs/api.md): at most one
 * of them, each a valid name, and an organisation's board only for whom may read it.
 * Shared by every read endpoint so that they all answer the same way.
 */
@Component
public class ScopeParameters {

	private final ScopeAccess access;

	ScopeParameters(ScopeAccess access) {
		this.access = access;
	}

	/** The scope asked for (global when neither is given), checked for access. */
	public Scope readable(@Nullable String region, @Nullable String org) {
		Scope scope = named(region, org);
		if (scope.kind() == Scope.Kind.ORG) {
			this.access.checkRead(scope.name());
		}
		return scope;
	}

	/**
	 * The scope asked for, without the access check: for the admin endpoints, whose token
	 * may read every board.
	 */
	public Scope named(@Nullable String region, @Nullable String org) {
		if (region != null && org != null) {
			throw new InvalidRequestException("Give region or org, not both.");
		}
		if (region != null) {
			return Scope.region(valid("region", region));
		}
		if (org != null) {
			return Scope.org(valid("org", org));
		}
		return Scope.GLOBAL;
	}

	private static String valid(String name, String value) {
		if (!Scope.NAME.matcher(value).matches()) {
			throw new InvalidRequestException(name + " must be 1 to 32 characters of letters, digits and _ . -");
		}
		return value;
	}

}
