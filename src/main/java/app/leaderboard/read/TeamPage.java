package app.leaderboard.read;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A page of a team listing: the body of {@code GET
 * /api/redis-leaderboard/{period}/regions} and {@code .../orgs}. {@code total} counts the
 * teams listed (those with a score).
 */
public record TeamPage(String period, LocalDate periodStart, Instant resetsAt, long total,
		List<? extends Entry> entries) {

	/**
	 * One team's line: its competition rank, name, score and members with a score. In the
	 * OpenAPI document, one of the two kinds: a listing holds lines of one kind only.
	 */
	@Schema(name = "TeamEntry", oneOf = { RegionEntry.class, OrgEntry.class })
	public sealed interface Entry permits RegionEntry, OrgEntry {

		long rank();

		long score();

		long members();

	}

	/** A region's line. */
	public record RegionEntry(long rank, String region, long score, long members) implements Entry {
	}

	/** An organisation's line. */
	public record OrgEntry(long rank, String org, long score, long members) implements Entry {
	}

}
