package app.leaderboard.store.postgres;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

import app.leaderboard.support.IntegrationTestBase;

/**
 * A database migrated with V1_2 as released (its old first comment) starts as before; a
 * V1_2 that differs in any other way still fails Flyway's validation.
 */
class MigrationCommentFixIntegrationTests extends IntegrationTestBase {

	private static final String CHECKSUM = "select checksum from flyway_schema_history where version = '1.2'";

	@Autowired
	Flyway flyway;

	@AfterEach
	void restore() {
		recorded(MigrationCommentFix.REWORDED);
	}

	@Test
	void theFileAsItIsNowHasTheRewordedChecksum() {
		// this database was migrated from the files as they are now
		assertThat(this.jdbc.queryForObject(CHECKSUM, Integer.class)).isEqualTo(MigrationCommentFix.REWORDED);
		assertThat(this.flyway.validateWithResult().validationSuccessful).isTrue();
	}

	@Test
	void aDatabaseMigratedWithTheReleasedFileValidatesAndMigrates() {
		recorded(MigrationCommentFix.RELEASED);
		this.flyway.migrate();
		assertThat(this.jdbc.queryForObject(CHECKSUM, Integer.class)).isEqualTo(MigrationCommentFix.REWORDED);
	}

	@Test
	void anyOtherDifferenceStillFailsValidation() {
		recorded(12345);
		assertThat(this.flyway.validateWithResult().validationSuccessful).isFalse();
		assertThat(this.jdbc.queryForObject(CHECKSUM, Integer.class)).isEqualTo(12345);
	}

	private void recorded(int checksum) {
		this.jdbc.update("update flyway_schema_history set checksum = ? where version = '1.2'", checksum);
	}

}
