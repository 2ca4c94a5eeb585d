package app.leaderboard.store.redis.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The scripts that keep a board's team sum in step read totals out of scores with the tie
 * span written in: it must be {@link BoardScore#TIE_SPAN}, or every sum drifts.
 */
class TeamSumScriptsTests {

	@Test
	void theScriptsThatKeepTeamSumsUseTheTieSpanOfTheScores() throws IOException {
		for (String script : List.of("board_touch.lua", "board_leave.lua", "board_erase.lua")) {
			try (InputStream in = getClass().getResourceAsStream("/redis/" + script)) {
				String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				assertThat(source).as(script).contains(Long.toString(BoardScore.TIE_SPAN));
				Matcher numbers = Pattern.compile("\\b[0-9]{6,}\\b").matcher(source);
				while (numbers.find()) {
					assertThat(numbers.group()).as(script).isEqualTo(Long.toString(BoardScore.TIE_SPAN));
				}
			}
		}
	}

}
