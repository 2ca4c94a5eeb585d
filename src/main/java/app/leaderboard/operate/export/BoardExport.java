package app.leaderboard.operate.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.BoardExports;

/**
 * Writes one export onto the response as PostgreSQL streams it ({@link BoardExports}).
 * The status and headers go out with the first entry (or at the end of an empty board),
 * after the statement ran: a database that is down still gets its 503 problem+json, with
 * no download headers. A failure after that cuts the download
 * ({@link InterruptedExportException}).
 */
@Component
class BoardExport {

	/** Characters buffered before they go to the servlet's own buffer. */
	private static final int BUFFER = 32 * 1024;

	private final BoardExports exports;

	BoardExport(BoardExports exports) {
		this.exports = exports;
	}

	/**
	 * Streams the board; returns the entries written.
	 * @throws UncheckedIOException when the client went away
	 */
	long write(PeriodInstance board, ExportFormat format, HttpServletResponse response) {
		Output output = new Output(board, format, response);
		try {
			this.exports.stream(board, output::write);
			output.finish();
			return output.entries;
		}
		catch (UncheckedIOException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (output.started && response.isCommitted()) {
				throw new InterruptedExportException(board, output.entries, ex);
			}
			if (output.started) {
				// nothing has left the buffers yet: an ordinary error answer after all
				response.reset();
			}
			throw ex;
		}
	}

	/**
	 * The download's file name: the board and its date,
	 * {@code leaderboard-daily-2026-11-25.csv}.
	 */
	static String fileName(PeriodInstance board, ExportFormat format) {
		String scope = board.scope().global() ? "" : "-" + board.scope().kind().id() + "-" + board.scope().name();
		return "leaderboard-" + board.period().id() + "-" + board.startDate() + scope + "." + format.extension();
	}

	/** The response, begun with the first entry. */
	private static final class Output {

		private final PeriodInstance board;

		private final ExportFormat format;

		private final HttpServletResponse response;

		private ExportFormat.EntryWriter writer;

		private boolean started;

		private long entries;

		Output(PeriodInstance board, ExportFormat format, HttpServletResponse response) {
			this.board = board;
			this.format = format;
			this.response = response;
		}

		void write(BoardExports.Entry entry) {
			try {
				begin();
				this.writer.write(entry);
				this.entries++;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void finish() {
			try {
				begin();
				this.writer.finish();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void begin() throws IOException {
			if (this.started) {
				return;
			}
			this.started = true;
			this.response.setStatus(200);
			this.response.setContentType(this.format.contentType());
			this.response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(fileName(this.board, this.format)).build().toString());
			this.response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			this.response.setHeader("X-Leaderboard-Source", "postgres");
			Writer out = new BufferedWriter(
					new OutputStreamWriter(this.response.getOutputStream(), StandardCharsets.UTF_8), BUFFER);
			this.writer = this.format.writer(out);
		}

	}

	/** The export failed after its first bytes were sent. */
	static final class InterruptedExportException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InterruptedExportException(PeriodInstance board, long entries, RuntimeException cause) {
			super("Export of " + board.id() + " interrupted after " + entries + " entries", cause);
		}

	}

}
