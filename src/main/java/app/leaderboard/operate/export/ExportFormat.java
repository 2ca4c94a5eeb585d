package app.leaderboard.operate.export;

import java.io.IOException;
import java.io.Writer;

import org.jspecify.annotations.Nullable;

import app.leaderboard.http.InvalidRequestException;
import app.leaderboard.store.postgres.BoardExports;

/** The two shapes of an export: CSV for spreadsheets, NDJSON for programs. */
enum ExportFormat {

	CSV("text/csv; charset=UTF-8; header=present", "csv"), NDJSON("application/x-ndjson", "ndjson");

	private final String contentType;

	private final String extension;

	ExportFormat(String contentType, String extension) {
		this.contentType = contentType;
		this.extension = extension;
	}

	/** {@code csv} (also when absent) or {@code ndjson}; anything else is a 400. */
	static ExportFormat parse(@Nullable String format) {
		if (format == null || format.equals("csv")) {
			return CSV;
		}
		if (format.equals("ndjson")) {
			return NDJSON;
		}
		throw new InvalidRequestException("format must be csv (the default) or ndjson.");
	}

	String contentType() {
		return this.contentType;
	}

	String extension() {
		return this.extension;
	}

	/** A writer of entries in this format onto {@code out}. */
	EntryWriter writer(Writer out) throws IOException {
		return (this == CSV) ? new CsvEntries(out) : new NdjsonEntries(out);
	}

	/**
	 * Writes the entries of one export; {@link #finish()} flushes the output, never
	 * closes it.
	 */
	interface EntryWriter {

		void write(BoardExports.Entry entry) throws IOException;

		void finish() throws IOException;

	}

}
