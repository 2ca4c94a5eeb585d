package app.leaderboard.operate.export;

import java.io.IOException;
import java.io.Writer;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.store.postgres.BoardExports;

/**
 * An export as NDJSON: one JSON board entry per line ({@code rank}, {@code user_id},
 * {@code display_name}, {@code score}), each line ended by a line feed.
 */
final class NdjsonEntries implements ExportFormat.EntryWriter {

	private static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final Writer out;

	NdjsonEntries(Writer out) {
		this.out = out;
	}

	@Override
	public void write(BoardExports.Entry entry) throws IOException {
		this.out.write(JSON.writeValueAsString(entry));
		this.out.write('\n');
	}

	@Override
	public void finish() throws IOException {
		this.out.flush();
	}

}
