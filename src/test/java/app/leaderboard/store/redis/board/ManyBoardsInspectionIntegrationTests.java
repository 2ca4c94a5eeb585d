package app.leaderboard.store.redis.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift check and the start-up compare ask about every scoped board at once: with
 * 1,000 organisations and 50 regions that is over 8,000 boards. In one round trip those
 * questions overflowed the connection's request queue (10,000 commands), every command on
 * the connection failed and the instance took Redis for down (found at 1M users in the
 * benchmark). They go in pieces ({@link RedisInspection#PIPELINE}).
 */
class ManyBoardsInspectionIntegrationTests extends IntegrationTestBase {

	@Autowired
	private RedisTeamSums sums;

	@Autowired
	private Periods periods;

	@Test
	void questionsAboutEveryScopedBoardDoNotOverflowTheConnection() {
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"alice\",\"count\":3,\"region\":\"region-1\"}");
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=region-1").source()).isEqualTo("redis");
		List<PeriodInstance> boards = new ArrayList<>();
		PeriodInstance daily = this.periods.current(Period.DAILY);
		boards.add(daily.in(Scope.region("region-1")));
		for (int org = 0; org < 6_000; org++) {
			boards.add(daily.in(Scope.org("org-" + org)));
		}

		Map<PeriodInstance, OptionalLong> members = this.redis.boardMembers(boards);
		assertThat(members).hasSize(boards.size());
		assertThat(members.get(daily.in(Scope.region("region-1")))).hasValue(1);
		assertThat(this.redis.unloaded(boards)).hasSize(boards.size() - 1)
			.doesNotContain(daily.in(Scope.region("region-1")));
		Map<PeriodInstance, Set<String>> holding = this.redis.holding(boards, List.of("alice"));
		assertThat(holding.get(daily.in(Scope.region("region-1")))).containsExactly("alice");
		Map<PeriodInstance, Optional<RedisTeamSums.Sum>> kept = this.sums.keptSums(boards);
		assertThat(kept).hasSize(boards.size());
		// the connection still answers
		assertThat(this.api.get("/api/redis-leaderboard/daily").source()).isEqualTo("redis");
	}

}
