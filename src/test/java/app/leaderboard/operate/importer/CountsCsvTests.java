package app.leaderboard.operate.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import app.leaderboard.core.CountRow;

/** The import's file checks (docs/migration.md), on generated files; no server needed. */
class CountsCsvTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

	private static final String HEADER = "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo\n";

	private static List<CountRow> read(String text) {
		return read(text.getBytes(StandardCharsets.UTF_8));
	}

	private static List<CountRow> read(byte[] bytes) {
		return new CountsCsv(NOW).read(new ByteArrayInputStream(bytes), (n) -> {
		});
	}

	private static void assertBad(String text, String message) {
		assertBad(text.getBytes(StandardCharsets.UTF_8), message);
	}

	private static void assertBad(byte[] bytes, String message) {
		assertThatThrownBy(() -> read(bytes)).isInstanceOf(InvalidCountsFileException.class)
			.hasMessage(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	/** Thousands of valid rows: user-1 .. user-n, with totals that nest. */
	private static StringBuilder rows(int n) {
		StringBuilder text = new StringBuilder(HEADER);
		for (int i = 1; i <= n; i++) {
			text.append("user-")
				.append(i)
				.append(',')
				.append(i % 7)
				.append(',')
				.append(i % 7 + i % 3)
				.append(',')
				.append(i % 7 + i % 5)
				.append(',')
				.append(i % 7 + i % 5 + i % 11)
				.append('\n');
		}
		return text;
	}

	@Test
	void readsThousandsOfRowsAndReportsProgress() {
		byte[] bytes = rows(5000).toString().getBytes(StandardCharsets.UTF_8);
		AtomicLong progress = new AtomicLong();

		List<CountRow> rows = new CountsCsv(NOW).read(new ByteArrayInputStream(bytes), progress::addAndGet);

		assertThat(rows).hasSize(5000);
		assertThat(rows.get(4999)).isEqualTo(new CountRow("user-5000", 2, 4, 2, 8, null));
		assertThat(progress.get()).isEqualTo(bytes.length);
	}

	@Test
	void aBadRowDeepInABigFileIsReportedWithItsLineAndTheOthersCounted() {
		StringBuilder text = rows(4000);
		text.append("user-x,1,2,3\n").append("user-y,-1,2,3,4\n");

		assertBad(text.toString(),
				"line 4002: expected 5 columns as in the header, found 4 (and 1 more bad row after it)");
	}

	@Test
	void acceptsABomCrlfQuotedFieldsBlankLinesAndAnyColumnOrder() {
		String text = "\uFEFF\"yearly_pomo\",User_Id,daily_pomo,weekly_pomo,monthly_pomo,updated_at\r\n"
				+ "\"40\",\"alice\",\"2\",3,\" 9 \",2026-11-25T10:00:00Z\r\n" + "\r\n"
				+ "50,bob@example.com,0,0,0,\"2026-11-24 23:59:59.5+00\"\r\n" + "60,carol,1,1,1,\r\n";

		assertThat(read(text)).containsExactly(
				new CountRow("alice", 2, 3, 9, 40, Instant.parse("2026-11-25T10:00:00Z")),
				new CountRow("bob@example.com", 0, 0, 0, 50, Instant.parse("2026-11-24T23:59:59.5Z")),
				new CountRow("carol", 1, 1, 1, 60, null));
	}

	@Test
	void aHeaderAloneIsAnEmptyImport() {
		assertThat(read(HEADER)).isEmpty();
		assertThat(read(HEADER.trim())).isEmpty();
	}

	@Test
	void theLineNumberCountsCrlfBlankLinesAndTheBom() {
		assertBad("\uFEFF" + HEADER.replace("\n", "\r\n") + "a,1,1,1,1\r\n\r\nb,1,1,1,1\r\nc,x,1,1,1\r\n",
				"line 5: daily_pomo 'x' is not a number");
		assertBad(HEADER + "a,1,1,1,1\nb,1,1,1,\"1\"\nc,1,1,1,1,9\n",
				"line 4: expected 5 columns as in the header, found 6");
	}

	@Test
	void anEmptyFileIsRefused() {
		assertBad("", "line 1: the file is empty; expected the header "
				+ "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo[,updated_at]");
		assertBad("\uFEFF", "line 1: the file is empty; expected the header "
				+ "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo[,updated_at]");
	}

	@Test
	void aBadHeaderIsLineOne() {
		assertBad("user_id,daily_pomo,weekly_pomo,yearly_pomo\nalice,1,1,1\n",
				"line 1: missing column monthly_pomo; expected the header "
						+ "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo[,updated_at]");
		assertBad("user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo,score\n",
				"line 1: unknown column 'score'; expected the header "
						+ "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo[,updated_at]");
		assertBad("user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo,daily_pomo\n",
				"line 1: column 'daily_pomo' appears twice");
		assertBad("alice,1,2,3,4\n", "line 1: unknown column 'alice'; expected the header "
				+ "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo[,updated_at]");
	}

	@Test
	void eachKindOfBadRowNamesItsLine() {
		String ok = "ok,1,1,1,1\n";
		assertBad(HEADER + ok + "al ice,1,1,1,1\n",
				"line 3: user_id 'al ice' is not a valid id (1 to 64 of A-Z a-z 0-9 _ . @ : + -)");
		assertBad(HEADER + ok + ",1,1,1,1\n",
				"line 3: user_id '' is not a valid id (1 to 64 of A-Z a-z 0-9 _ . @ : + -)");
		assertBad(HEADER + ok + "a".repeat(65) + ",1,1,1,1\n",
				"line 3: user_id '" + "a".repeat(65) + "' is not a valid id (1 to 64 of A-Z a-z 0-9 _ . @ : + -)");
		assertBad(HEADER + ok + "bob,1,-2,3,4\n", "line 3: weekly_pomo -2 is negative");
		assertBad(HEADER + ok + "bob,1,2,3.5,4\n", "line 3: monthly_pomo 3.5 is not a whole number");
		assertBad(HEADER + ok + "bob,1,2,3,1e3\n", "line 3: yearly_pomo 1e3 is not a whole number");
		assertBad(HEADER + ok + "bob,one,2,3,4\n", "line 3: daily_pomo 'one' is not a number");
		assertBad(HEADER + ok + "bob,,2,3,4\n", "line 3: daily_pomo is empty; write 0 for none");
		assertBad(HEADER + ok + "bob,1,2,3,268435456\n",
				"line 3: yearly_pomo 268435456 is above the largest total a board holds, 268435455 (2^28 - 1)");
		assertBad(HEADER + ok + "bob,1,2,3,99999999999999999999999\n",
				"line 3: yearly_pomo 99999999999999999999999 is above the largest total a board holds, 268435455 (2^28 - 1)");
		assertBad(HEADER + ok + "bob,5,4,9,9\n",
				"line 3: daily_pomo 5 is above weekly_pomo 4 (the daily total is part of the weekly total)");
		assertBad(HEADER + ok + "bob,5,5,4,9\n",
				"line 3: daily_pomo 5 is above monthly_pomo 4 (the daily total is part of the monthly total)");
		assertBad(HEADER + ok + "bob,1,1,5,4\n",
				"line 3: monthly_pomo 5 is above yearly_pomo 4 (the monthly total is part of the yearly total)");
		assertBad(HEADER + ok + "ok,2,2,2,2\n", "line 3: user_id 'ok' already appeared on line 2");
		assertBad(HEADER + ok + "bob,1,1\n", "line 3: expected 5 columns as in the header, found 3");
	}

	@Test
	void aWeekMayHoldMoreThanItsMonthOrYear() {
		// a week that began last month (or last year) holds days that the month does not
		assertThat(read(HEADER + "bob,1,9,2,2\n")).containsExactly(new CountRow("bob", 1, 9, 2, 2, null));
	}

	@Test
	void updatedAtMustBeATimeWithAnOffsetAndNotInTheFuture() {
		String header = "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo,updated_at\n";
		assertBad(header + "bob,1,1,1,1,yesterday\n", "line 2: updated_at 'yesterday' is not an ISO-8601 time "
				+ "with an offset, such as 2026-11-25T10:15:00Z");
		assertBad(header + "bob,1,1,1,1,2026-11-25T10:00:00\n", "line 2: updated_at '2026-11-25T10:00:00' is not an "
				+ "ISO-8601 time with an offset, such as 2026-11-25T10:15:00Z");
		assertBad(header + "bob,1,1,1,1,2026-11-26T10:00:00Z\n",
				"line 2: updated_at 2026-11-26T10:00:00Z is in the future");
		assertThat(read(header + "bob,1,1,1,1,2026-11-25T11:15:00+01:00\n").get(0).updatedAt())
			.isEqualTo(Instant.parse("2026-11-25T10:15:00Z"));
	}

	@Test
	void binaryContentIsRefusedWithItsLine() {
		byte[] zip = { 'P', 'K', 3, 4, 20, 0, 0, 0 };
		assertBad(zip, "line 1: binary content (character 0x03); expected a UTF-8 text CSV export");
		byte[] latin1 = (HEADER + "ok,1,1,1,1\nj\u00e9r\u00f4me,1,1,1,1\n").getBytes(StandardCharsets.ISO_8859_1);
		assertBad(latin1, "line 3: not UTF-8 text (a binary file?)");
		assertBad(HEADER + "ok,1,1,1,1\nbob,1,1,1,1\u0000\n",
				"line 3: binary content (character 0x00); expected a UTF-8 text CSV export");
	}

	@Test
	void aHugeLineIsRefusedWithoutReadingItWhole() {
		StringBuilder text = new StringBuilder(HEADER).append("ok,1,1,1,1\n").append("\"");
		text.append("9".repeat(200_000));
		assertBad(text.toString(), "line 3: longer than 65536 characters; expected one user per line");
	}

	@Test
	void anUnclosedQuoteIsBadCsv() {
		assertThatThrownBy(() -> read(HEADER + "ok,1,1,1,1\n\"bob,1,1,1,1\n"))
			.isInstanceOf(InvalidCountsFileException.class)
			.hasMessageStartingWith("line ");
	}

}
