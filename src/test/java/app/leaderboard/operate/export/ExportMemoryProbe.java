package app.leaderboard.operate.export;

import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.BoardExports;
import app.leaderboard.store.postgres.ReadDatabase;

/**
 * Run in a JVM of its own with a small heap by {@link ExportMemoryIntegrationTests}:
 * {@code stream JDBC_URL} exports the yearly board of 2020 as CSV the way the service
 * does and prints how many entries it wrote; {@code load JDBC_URL} reads the same board
 * into a list, as an export must not, to show that the heap cannot hold it.
 */
public final class ExportMemoryProbe {

	private ExportMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		DriverManagerDataSource database = new DriverManagerDataSource(args[1], "postgres", "");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		PeriodInstance board = new PeriodInstance(Period.YEARLY, LocalDate.of(2020, 1, 1),
				Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"));
		if (args[0].equals("stream")) {
			BoardExports exports = new BoardExports(jdbc, new DataSourceTransactionManager(database),
					ReadDatabase.primaryOnly(database));
			ExportFormat.EntryWriter csv = ExportFormat.CSV.writer(Writer.nullWriter());
			long entries = exports.stream(board, (entry) -> {
				try {
					csv.write(entry);
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			csv.finish();
			System.out.println("exported " + entries);
		}
		else {
			List<Map<String, Object>> rows = jdbc.queryForList(
					"select user_id, total from period_totals where period = 'yearly' and period_start = '2020-01-01' "
							+ "order by total desc, reached_at, user_id");
			System.out.println("loaded " + rows.size());
		}
	}

}
