package app.leaderboard.operate.export;

import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.read.BoardSelector;
import app.leaderboard.read.ScopeParameters;

/**
 * {@code GET /api/redis-leaderboard/admin/export/{period}}, behind the admin token like
 * every {@code /admin} path: the whole board of a period instance (the current one, or
 * the one containing {@code date}), everyone's or a region's or organisation's, as CSV or
 * NDJSON, streamed from PostgreSQL ({@link BoardExport}).
 */
@RestController
@RequestMapping("/api/redis-leaderboard/admin/export")
@SecurityRequirement(name = "admin")
class ExportController {

	private static final Logger log = LoggerFactory.getLogger(ExportController.class);

	private final BoardSelector boards;

	private final ScopeParameters scopes;

	private final ExportPermits permits;

	private final BoardExport export;

	ExportController(BoardSelector boards, ScopeParameters scopes, ExportPermits permits, BoardExport export) {
		this.boards = boards;
		this.scopes = scopes;
		this.permits = permits;
		this.export = export;
	}

	@Operation(operationId = "export", summary = "Download a whole board as CSV or NDJSON",
			description = "Read from one PostgreSQL snapshot (the same with Redis up or down), hidden users left "
					+ "out, streamed in constant memory. At most 2 at a time per instance: 429 with Retry-After.")
	@ApiResponse(responseCode = "200", description = "The board, best first, as the format asks", content = {
			@Content(mediaType = "text/csv", schema = @Schema(type = "string"),
					examples = @ExampleObject(value = "rank,user_id,display_name,score\n1,bob,,5\n2,alice,Alice,2\n")),
			@Content(mediaType = "application/x-ndjson", schema = @Schema(type = "object",
					description = "One such object per line: rank, user_id, display_name (null when unnamed) and score"),
					examples = @ExampleObject(
							value = "{\"rank\":1,\"user_id\":\"bob\",\"display_name\":null,\"score\":5}")) })
	@ApiResponse(responseCode = "429",
			description = "Two exports are running on this instance; Retry-After says when to try again")
	@GetMapping("/{period}")
	void export(
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable Period period,
			@Parameter(description = "A day (YYYY-MM-DD, not after today): the board of the period that contains it",
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = "A region's board instead of everyone's",
					example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = "An organisation's board instead of everyone's",
					example = "acme") @RequestParam(required = false) @Nullable String org,
			@Parameter(description = "csv (default) or ndjson",
					example = "csv") @RequestParam(required = false) @Nullable String format,
			HttpServletResponse response) {
		ExportFormat parsed = ExportFormat.parse(format);
		PeriodInstance board = this.boards.select(period, date).in(this.scopes.named(region, org));
		try (ExportPermits.Permit permit = this.permits.take()) {
			long entries = this.export.write(board, parsed, response);
			log.info("Exported {} entries of {} as {}", entries, board.id(), parsed.extension());
		}
		catch (UncheckedIOException ex) {
			// the client went away: nothing left to answer
			log.debug("Export of {} ended by its client: {}", board.id(), ex.getCause().getClass().getSimpleName());
		}
	}

	/**
	 * A failure after the first bytes went out: rethrown past every handler, so that the
	 * server cuts the connection and the client sees a broken download rather than a
	 * complete-looking shorter one (or a problem body glued to the data).
	 */
	@ExceptionHandler(BoardExport.InterruptedExportException.class)
	void interrupted(BoardExport.InterruptedExportException ex) {
		throw ex;
	}

}
