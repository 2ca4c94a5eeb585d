package app.leaderboard.operate.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.support.IntegrationTestBase;

/**
 * An export streams in constant memory: a board of {@link #USERS} users goes out in full
 * from a JVM whose heap ({@link #HEAP}) cannot hold it, which the same JVM shows by
 * failing to load the board into a list. The ten-million-user run is a benchmark
 * (docs/operations.md, "Exports").
 */
class ExportMemoryIntegrationTests extends IntegrationTestBase {

	static final int USERS = 250_000;

	static final String HEAP = "-Xmx32m";

	@Autowired
	DataSource dataSource;

	@Test
	void aBoardLargerThanTheHeapIsExportedInFull() throws Exception {
		// one connection without the foreign key and histogram triggers (the export reads
		// neither) and without the pool's statement timeout: a large board in seconds
		try (Connection connection = this.dataSource.getConnection(); Statement sql = connection.createStatement()) {
			sql.execute("set session_replication_role = replica");
			sql.execute("set statement_timeout = 0");
			sql.execute("insert into users (user_id, version, created_at, updated_at) "
					+ "select 'user-' || g, 1, now(), now() from generate_series(1, " + USERS + ") g");
			sql.execute("insert into period_totals (period, period_start, user_id, total, reached_at) "
					+ "select 'yearly', date '2020-01-01', 'user-' || g, 1 + g % 997, "
					+ "timestamptz '2020-06-01' + g * interval '1 second' from generate_series(1, " + USERS + ") g");
			sql.execute("set session_replication_role = origin");
			sql.execute("reset statement_timeout");
		}
		String url = ((HikariDataSource) this.dataSource).getJdbcUrl();

		Run streamed = probe("stream", url);
		Run loaded = probe("load", url);

		assertThat(streamed.exit()).as(streamed.output()).isZero();
		assertThat(streamed.output()).contains("exported " + USERS);
		assertThat(loaded.exit()).as("the heap is too small for the board: " + loaded.output()).isNotZero();
		assertThat(loaded.output()).contains("OutOfMemoryError");
	}

	record Run(int exit, String output) {
	}

	private static Run probe(String mode, String url) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(List.of(java, HEAP, "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), ExportMemoryProbe.class.getName(), mode, url))
			.redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

}
