package app.leaderboard.operate.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import app.leaderboard.store.postgres.BoardExports.Entry;

/**
 * The CSV of an export: RFC 4180 quoting, and no cell a spreadsheet would run as a
 * formula. Names are not stored yet, so the names here come straight from the tests.
 */
class CsvEntriesTests {

	@Test
	void cellsThatCouldRunAsFormulasGetALeadingQuote() {
		assertThat(CsvEntries.inert("=1+1")).isEqualTo("'=1+1");
		assertThat(CsvEntries.inert("+1555")).isEqualTo("'+1555");
		assertThat(CsvEntries.inert("-dash")).isEqualTo("'-dash");
		assertThat(CsvEntries.inert("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(CsvEntries.inert("\tcmd")).isEqualTo("'\tcmd");
		assertThat(CsvEntries.inert("\rcmd")).isEqualTo("'\rcmd");
		assertThat(CsvEntries.inert("alice")).isEqualTo("alice");
		assertThat(CsvEntries.inert("a=b")).isEqualTo("a=b");
		assertThat(CsvEntries.inert("")).isEmpty();
		assertThat(CsvEntries.inert(null)).isNull();
	}

	@Test
	void fieldsAreQuotedAsRfc4180Says() throws IOException {
		String csv = write(new Entry(1, "bob", "Bob, \"the\" builder", 12), new Entry(2, "alice", "two\r\nlines", 9),
				new Entry(2, "carol", null, 9), new Entry(4, "-x", "=HYPERLINK(\"http://e.vil\")", 1));

		assertThat(csv).isEqualTo("rank,user_id,display_name,score\r\n" + "1,bob,\"Bob, \"\"the\"\" builder\",12\r\n"
				+ "2,alice,\"two\r\nlines\",9\r\n" + "2,carol,,9\r\n"
				+ "4,'-x,\"'=HYPERLINK(\"\"http://e.vil\"\")\",1\r\n");
		// and any RFC 4180 reader gets the values back, disarmed
		List<CSVRecord> records = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(csv))
			.getRecords();
		assertThat(records).extracting((r) -> r.get("display_name"))
			.containsExactly("Bob, \"the\" builder", "two\r\nlines", "", "'=HYPERLINK(\"http://e.vil\")");
	}

	@Test
	void anEmptyBoardIsTheHeaderAlone() throws IOException {
		assertThat(write()).isEqualTo("rank,user_id,display_name,score\r\n");
	}

	private static String write(Entry... entries) throws IOException {
		StringWriter out = new StringWriter();
		ExportFormat.EntryWriter writer = ExportFormat.CSV.writer(out);
		for (Entry entry : entries) {
			writer.write(entry);
		}
		writer.finish();
		return out.toString();
	}

}
