package app.leaderboard.operate.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import app.leaderboard.core.CountRow;
import app.leaderboard.core.ScoreLimits;
import app.leaderboard.core.UserIds;

/**
 * Reads an export of the old app's counters (docs/migration.md) and checks all of it
 * before anything is written: the header {@code user_id,daily_pomo,weekly_pomo,
 * monthly_pomo,yearly_pomo[,updated_at]} (any order, any case), then one user per line.
 * Quoted fields, a byte-order mark, CRLF line ends and blank lines are fine. A bad row is
 * reported with its line number (the header is line 1), as is the count of further ones.
 *
 * <p>
 * Totals must nest where the periods do: today lies in this week and this month, and this
 * month in this year, so {@code daily <= weekly}, {@code daily <= monthly} and
 * {@code monthly <= yearly}. Nothing is checked between the week and the month or the
 * year: a week can begin in the previous month or year, so its total may exceed theirs.
 * The class is long because every rule of the file format and its error message live
 * here, next to each other.
 */
public final class CountsCsv {

	static final List<String> REQUIRED = List.of("user_id", "daily_pomo", "weekly_pomo", "monthly_pomo", "yearly_pomo");

	static final String UPDATED_AT = "updated_at";

	/** An updated_at this far ahead of the clock is still accepted (clock skew). */
	private static final java.time.Duration FUTURE_TOLERANCE = java.time.Duration.ofMinutes(5);

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private static final Pattern NEGATIVE = Pattern.compile("-[0-9]+(\\.[0-9]*)?");

	private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]*[.,][0-9]+|[+-]?[0-9]+[.,][0-9]*|[0-9.]+e[0-9]+",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern SHORT_OFFSET = Pattern.compile(".*[+-][0-9]{2}$");

	private final Instant now;

	/**
	 * @param now the clock's time: an {@code updated_at} after it is refused
	 */
	public CountsCsv(Instant now) {
		this.now = now;
	}

	/**
	 * Reads and checks the whole file.
	 * @param progress told of bytes read, as they are read
	 * @throws InvalidCountsFileException for the first problem (one line)
	 */
	public List<CountRow> read(InputStream input, LongConsumer progress) {
		GuardedReader reader = new GuardedReader(new InputStreamReader(new CountingStream(input, progress),
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPLACE)
					.onUnmappableCharacter(CodingErrorAction.REPLACE)
					.replaceWith("\uFFFD")));
		CSVFormat format = CSVFormat.DEFAULT.builder()
			.setIgnoreEmptyLines(false)
			.setIgnoreSurroundingSpaces(true)
			.get();
		try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
			return read(parser);
		}
		catch (CharacterCodingException ex) {
			throw InvalidCountsFileException.at(reader.line(), "not UTF-8 text (a binary file?)");
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof CharacterCodingException) {
				throw InvalidCountsFileException.at(reader.line(), "not UTF-8 text (a binary file?)");
			}
			if (ex.getCause().getMessage() != null) {
				throw InvalidCountsFileException.at(reader.line(),
						"not valid CSV: " + firstLine(ex.getCause().getMessage()));
			}
			throw ex;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<CountRow> read(CSVParser parser) {
		Iterator<CSVRecord> records = parser.iterator();
		if (!records.hasNext()) {
			throw InvalidCountsFileException.at(1,
					"the file is empty; expected the header " + String.join(",", REQUIRED) + "[," + UPDATED_AT + "]");
		}
		Header header = header(records.next());
		List<CountRow> rows = new ArrayList<>();
		Map<String, Long> seen = new HashMap<>();
		InvalidCountsFileException first = null;
		long moreBad = 0;
		long line = parser.getCurrentLineNumber();
		while (records.hasNext()) {
			CSVRecord record = records.next();
			long start = line + 1;
			line = parser.getCurrentLineNumber();
			if (record.size() == 1 && record.get(0).isEmpty()) {
				continue;
			}
			try {
				CountRow row = row(record, header, start);
				Long earlier = seen.putIfAbsent(row.userId(), start);
				if (earlier != null) {
					throw InvalidCountsFileException.at(start,
							"user_id '" + row.userId() + "' already appeared on line " + earlier);
				}
				if (first == null) {
					rows.add(row);
				}
			}
			catch (InvalidCountsFileException ex) {
				if (first == null) {
					first = ex;
					rows = List.of();
				}
				else {
					moreBad++;
				}
			}
		}
		if (first != null) {
			throw (moreBad == 0) ? first : new InvalidCountsFileException(first.getMessage() + " (and " + moreBad
					+ " more bad " + ((moreBad == 1) ? "row" : "rows") + " after it)");
		}
		return rows;
	}

	/** Where each column is. */
	private record Header(int size, int[] required, int updatedAt) {
	}

	private static Header header(CSVRecord record) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < record.size(); i++) {
			String name = record.get(i).trim().toLowerCase(Locale.ROOT);
			if (!REQUIRED.contains(name) && !name.equals(UPDATED_AT)) {
				throw InvalidCountsFileException.at(1, "unknown column '" + shorten(record.get(i))
						+ "'; expected the header " + String.join(",", REQUIRED) + "[," + UPDATED_AT + "]");
			}
			if (columns.putIfAbsent(name, i) != null) {
				throw InvalidCountsFileException.at(1, "column '" + name + "' appears twice");
			}
		}
		int[] required = new int[REQUIRED.size()];
		for (int i = 0; i < required.length; i++) {
			Integer index = columns.get(REQUIRED.get(i));
			if (index == null) {
				throw InvalidCountsFileException.at(1, "missing column " + REQUIRED.get(i) + "; expected the header "
						+ String.join(",", REQUIRED) + "[," + UPDATED_AT + "]");
			}
			required[i] = index;
		}
		return new Header(record.size(), required, columns.getOrDefault(UPDATED_AT, -1));
	}

	private CountRow row(CSVRecord record, Header header, long line) {
		if (record.size() != header.size()) {
			throw InvalidCountsFileException.at(line,
					"expected " + header.size() + " columns as in the header, found " + record.size());
		}
		String userId = record.get(header.required()[0]).strip();
		if (!UserIds.valid(userId)) {
			throw InvalidCountsFileException.at(line,
					"user_id '" + shorten(userId) + "' is not a valid id (1 to 64 of A-Z a-z 0-9 _ . @ : + -)");
		}
		long[] counts = new long[4];
		for (int i = 0; i < 4; i++) {
			counts[i] = count(REQUIRED.get(i + 1), record.get(header.required()[i + 1]).strip(), line);
		}
		nested(line, "daily_pomo", counts[0], "weekly_pomo", counts[1]);
		nested(line, "daily_pomo", counts[0], "monthly_pomo", counts[2]);
		nested(line, "monthly_pomo", counts[2], "yearly_pomo", counts[3]);
		Instant updatedAt = (header.updatedAt() >= 0) ? instant(record.get(header.updatedAt()).strip(), line) : null;
		return new CountRow(userId, counts[0], counts[1], counts[2], counts[3], updatedAt);
	}

	private static long count(String column, String value, long line) {
		if (DIGITS.matcher(value).matches()) {
			if (value.length() <= 18) {
				long count = Long.parseLong(value);
				if (count <= ScoreLimits.MAX_TOTAL) {
					return count;
				}
			}
			throw InvalidCountsFileException.at(line, column + " " + shorten(value)
					+ " is above the largest total a board holds, " + ScoreLimits.MAX_TOTAL + " (2^28 - 1)");
		}
		if (value.isEmpty()) {
			throw InvalidCountsFileException.at(line, column + " is empty; write 0 for none");
		}
		if (NEGATIVE.matcher(value).matches()) {
			throw InvalidCountsFileException.at(line, column + " " + value + " is negative");
		}
		if (DECIMAL.matcher(value).matches()) {
			throw InvalidCountsFileException.at(line, column + " " + value + " is not a whole number");
		}
		throw InvalidCountsFileException.at(line, column + " '" + shorten(value) + "' is not a number");
	}

	private static void nested(long line, String inner, long innerCount, String outer, long outerCount) {
		if (innerCount > outerCount) {
			throw InvalidCountsFileException.at(line,
					inner + " " + innerCount + " is above " + outer + " " + outerCount + " (the "
							+ inner.replace("_pomo", "") + " total is part of the " + outer.replace("_pomo", "")
							+ " total)");
		}
	}

	/**
	 * ISO-8601 with an offset ({@code 2026-11-25T10:15:00Z}); psql's own text form
	 * ({@code 2026-11-25 10:15:00.5+00}) too.
	 */
	private Instant instant(String value, long line) {
		if (value.isEmpty()) {
			return null;
		}
		String iso = value.replaceFirst(" ", "T");
		if (SHORT_OFFSET.matcher(iso).matches()) {
			iso = iso + ":00";
		}
		Instant instant;
		try {
			instant = OffsetDateTime.parse(iso).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw InvalidCountsFileException.at(line, "updated_at '" + shorten(value)
					+ "' is not an ISO-8601 time with an offset, such as 2026-11-25T10:15:00Z");
		}
		if (instant.isAfter(this.now.plus(FUTURE_TOLERANCE))) {
			throw InvalidCountsFileException.at(line, "updated_at " + value + " is in the future");
		}
		return instant;
	}

	private static String shorten(String value) {
		return (value.length() <= 70) ? value : value.substring(0, 67) + "...";
	}

	private static String firstLine(String message) {
		return message.strip().lines().findFirst().orElse("");
	}

	/** Tells the progress bar how many bytes were read. */
	private static final class CountingStream extends java.io.FilterInputStream {

		private final LongConsumer progress;

		CountingStream(InputStream in, LongConsumer progress) {
			super(in);
			this.progress = progress;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.progress.accept(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				this.progress.accept(n);
			}
			return n;
		}

	}

}
