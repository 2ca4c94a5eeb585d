package app.leaderboard.operate.export;

import java.io.IOException;
import java.io.Writer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

import app.leaderboard.store.postgres.BoardExports;

/**
 * An export as CSV: the header {@code rank,user_id,display_name,score}, then a record per
 * entry, quoted as RFC 4180 says (Commons CSV: CRLF line ends, a field with a comma,
 * quote or line break in quotes, quotes doubled). A cell that a spreadsheet would run as
 * a formula (it begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return) gets a leading {@code '}, as OWASP advises against CSV injection; so
 * does the user id {@code -bob}, which is valid. A missing name is an empty cell.
 */
final class CsvEntries implements ExportFormat.EntryWriter {

	static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setHeader("rank", "user_id", "display_name", "score")
		.get();

	private final CSVPrinter printer;

	CsvEntries(Writer out) throws IOException {
		this.printer = new CSVPrinter(out, FORMAT);
	}

	@Override
	public void write(BoardExports.Entry entry) throws IOException {
		this.printer.printRecord(entry.rank(), inert(entry.userId()), inert(entry.displayName()), entry.score());
	}

	@Override
	public void finish() throws IOException {
		this.printer.flush();
	}

	/** The text of a cell, made inert for spreadsheets. */
	static @Nullable String inert(@Nullable String cell) {
		if (cell == null || cell.isEmpty()) {
			return cell;
		}
		return switch (cell.charAt(0)) {
			case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
			default -> cell;
		};
	}

}
