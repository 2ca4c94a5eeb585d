package app.leaderboard.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Weekly (or daily) leagues (docs/api.md, "Leagues"). Bound and checked like
 * {@link LeaderboardProperties} ({@link SettingsBinder}): a bad value stops the start
 * with one line naming the variable.
 *
 * @param period how long a season lasts, {@code weekly} or {@code daily}: its seasons are
 * the instances of that board ({@code LEADERBOARD_LEAGUE_PERIOD})
 * @param size most users in one group, 2 to 100 ({@code LEADERBOARD_LEAGUE_SIZE})
 * @param tiers tier names, lowest first: 1 to 20 names of {@code [a-z0-9-]{1,20}}, no
 * repeats ({@code LEADERBOARD_LEAGUE_TIERS})
 * @param promote how many of a group's top ranks move up at the season's end, 0 to 100
 * ({@code LEADERBOARD_LEAGUE_PROMOTE})
 * @param demote how many of a group's bottom ranks move down, 0 to 100
 * ({@code LEADERBOARD_LEAGUE_DEMOTE})
 */
@ConfigurationProperties("leaderboard.league")
@Validated
public record LeagueProperties(@DefaultValue("weekly") String period,
		@DefaultValue("30") @Min(value = 2, message = SIZE_RULE) @Max(value = 100, message = SIZE_RULE) int size,
		@DefaultValue( {
				"bronze", "silver", "gold", "platinum", "diamond" }) List<String> tiers,
		@DefaultValue("5") @Min(value = 0, message = MOVES_RULE) @Max(value = 100, message = MOVES_RULE) int promote,
		@DefaultValue("5") @Min(value = 0, message = MOVES_RULE) @Max(value = 100, message = MOVES_RULE) int demote){

	static final String SIZE_RULE = "must be a whole number from 2 to 100";

	static final String MOVES_RULE = "must be a whole number from 0 to 100";

	private static final Pattern TIER = Pattern.compile("^[a-z0-9-]{1,20}$");

	public LeagueProperties {
		String trimmed = (period == null) ? "" : period.trim();
		if (!trimmed.equals("weekly") && !trimmed.equals("daily")) {
			throw new InvalidConfigurationException("LEADERBOARD_LEAGUE_PERIOD", "must be weekly or daily");
		}
		period = trimmed;
		tiers = (tiers == null) ? List.of() : tiers.stream().map(String::trim).toList();
		if (tiers.isEmpty() || tiers.size() > 20) {
			throw new InvalidConfigurationException("LEADERBOARD_LEAGUE_TIERS",
					"must name 1 to 20 tiers, lowest first, comma-separated");
		}
		Set<String> seen = new HashSet<>();
		for (String tier : tiers) {
			if (!TIER.matcher(tier).matches()) {
				// the value is echoed only when it is harmless to print
				throw new InvalidConfigurationException("LEADERBOARD_LEAGUE_TIERS",
						"each tier name must match ^[a-z0-9-]{1,20}$");
			}
			if (!seen.add(tier)) {
				throw new InvalidConfigurationException("LEADERBOARD_LEAGUE_TIERS", "'" + tier + "' is named twice");
			}
		}
	}

	public int highestTier() {
		return this.tiers.size() - 1;
	}

	/** A tier's index, or -1 for a name that is not a tier. */
	public int tierIndex(String name) {
		return this.tiers.indexOf(name);
	}

}
