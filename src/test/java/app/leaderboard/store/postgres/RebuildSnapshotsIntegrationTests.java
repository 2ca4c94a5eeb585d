package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.support.IntegrationTestBase;

/**
 * What a rebuild re-applies after its stream: users whose change the stream may have
 * missed (their transaction was running when the snapshot was taken, or began later), and
 * not the users of a bulk load that committed before it, however recent.
 */
class RebuildSnapshotsIntegrationTests extends IntegrationTestBase {

	private static final Duration MARGIN = Duration.ofSeconds(60);

	@Autowired
	private RebuildSnapshots snapshots;

	@Autowired
	private DataSource dataSource;

	@Test
	void aBulkLoadCommittedBeforeTheSnapshotIsNotReapplied() {
		this.jdbc.update("insert into users (user_id, version, created_at, updated_at) "
				+ "select 'bulk' || n, 1, now(), now() from generate_series(1, 500) n");

		RebuildSnapshots.Snapshot snapshot = this.snapshots.snapshot();

		assertThat(this.jdbc.queryForObject("select count(*) from users where changed_at >= ?", Long.class,
				Timestamp.from(snapshot.time().minus(MARGIN))))
			.as("recent by the clock")
			.isEqualTo(500);
		assertThat(this.snapshots.usersChangedAfter(snapshot, MARGIN)).isEmpty();
	}

	@Test
	void changesRunningAtTheSnapshotOrAfterItAreReapplied() throws Exception {
		this.api.update("early", 1);
		this.api.update("running", 1);
		RebuildSnapshots.Snapshot snapshot;
		try (Connection open = this.dataSource.getConnection()) {
			open.setAutoCommit(false);
			try (Statement statement = open.createStatement()) {
				statement.execute("update users set version = version + 1, changed_at = clock_timestamp() "
						+ "where user_id = 'running'");
			}
			snapshot = this.snapshots.snapshot();
			open.commit();
		}
		this.api.update("later", 1);

		assertThat(this.snapshots.usersChangedAfter(snapshot, MARGIN)).containsExactlyInAnyOrder("running", "later");
	}

}
