package app.leaderboard.board;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import app.leaderboard.score.UpdateRequest;
import app.leaderboard.web.InvalidRequestException;

/** Reads relative to users: around a user, a friends list, a user's daily history. */
@RestController
@RequestMapping("/api/redis-leaderboard")
class StandingController {

	/** Most ids one friends read may carry, duplicates counted (contract 6.3). */
	static final int MAX_IDS = 100;

	static final int MAX_RADIUS = 50;

	static final int MAX_HISTORY_DAYS = 366;

	private final StandingReader reader;

	private final BoardSelector boards;

	StandingController(StandingReader reader, BoardSelector boards) {
		this.reader = reader;
		this.boards = boards;
	}

	@Operation(summary = "The board positions around a user",
			description = "Up to `radius` positions above the user, the user, and up to `radius` below, in board "
					+ "order with competition ranks; fewer at either end of the board. A known user with no "
					+ "score in the period: rank and top_percent null, entries empty. Unknown user: 404.")
	@GetMapping("/user/{userId}/around/{period}")
	ResponseEntity<AroundView> around(@Parameter(example = "alice") @PathVariable String userId,
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable String period,
			@Parameter(description = "0 to 50, default 5", example = "2") @RequestParam(required = false) String radius,
			@Parameter(description = BoardController.DATE,
					example = "2026-11-24") @RequestParam(required = false) String date) {
		String user = UpdateRequest.requireUserId(userId);
		int size = (int) BoardController.number("radius", radius, 5, 0, MAX_RADIUS);
		return BoardController.respond(this.reader.around(user, this.boards.select(period, date), size));
	}

	@Operation(summary = "Several users on one board (a friends list)",
			description = "Each known id once, with its rank on the whole board and its score, in board order; "
					+ "known users with no score in the period last (rank null, score 0), by user_id. Unknown "
					+ "ids are left out. 1 to 100 ids, duplicates counted.")
	@GetMapping("/{period}/users")
	ResponseEntity<UsersView> users(
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable String period,
			@Parameter(description = "1 to 100 user ids, comma-separated",
					example = "alice,bob,carol") @RequestParam(required = false) String ids,
			@Parameter(description = BoardController.DATE,
					example = "2026-11-24") @RequestParam(required = false) String date) {
		var instance = this.boards.select(period, date);
		return BoardController.respond(this.reader.users(instance, ids(ids)));
	}

	@Operation(summary = "A user's daily totals of the last days (for a chart)",
			description = "One entry per day, oldest first, up to today, score 0 for a day without pomodoros; "
					+ "days past LEADERBOARD_DAILY_RETENTION_DAYS are left out. Read from PostgreSQL.")
	@GetMapping("/user/{userId}/history/daily")
	ResponseEntity<HistoryView> dailyHistory(@Parameter(example = "alice") @PathVariable String userId,
			@Parameter(description = "1 to 366, default 30",
					example = "30") @RequestParam(required = false) String days) {
		String user = UpdateRequest.requireUserId(userId);
		int count = (int) BoardController.number("days", days, 30, 1, MAX_HISTORY_DAYS);
		return BoardController.respond(this.reader.dailyHistory(user, count));
	}

	/** The distinct ids of {@code ids=a,b,c}, in the order given. */
	static List<String> ids(String ids) {
		if (ids == null || ids.isEmpty()) {
			throw new InvalidRequestException("ids is required: 1 to " + MAX_IDS + " comma-separated user ids.");
		}
		String[] parts = ids.split(",", -1);
		if (parts.length > MAX_IDS) {
			throw new InvalidRequestException(
					"ids holds " + parts.length + " ids; at most " + MAX_IDS + " are allowed (duplicates count).");
		}
		Set<String> distinct = new LinkedHashSet<>();
		for (int i = 0; i < parts.length; i++) {
			if (parts[i].isEmpty()) {
				throw new InvalidRequestException(
						"ids holds an empty id (at position " + (i + 1) + "); write them as ids=alice,bob,carol.");
			}
			if (!UpdateRequest.USER_ID.matcher(parts[i]).matches()) {
				throw new InvalidRequestException("The id at position " + (i + 1) + " of ids is not a valid user id: "
						+ "1 to 64 characters of letters, digits and _ . @ : + -");
			}
			distinct.add(parts[i]);
		}
		return new ArrayList<>(distinct);
	}

}
