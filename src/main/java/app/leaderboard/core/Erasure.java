package app.leaderboard.core;

import java.util.List;

/**
 * One user's erasure, as Redis must carry it out: the id, the version the erasure took
 * (above every version of the erased user, below every version of the id recorded anew)
 * and the scopes whose boards may hold them: the global one, the user's last region and
 * organisation and every scope they left before (docs/consistency.md, "Erasure").
 */
public record Erasure(String userId, long version, List<Scope> scopes) {

	public Erasure {
		scopes = List.copyOf(scopes);
	}

}
