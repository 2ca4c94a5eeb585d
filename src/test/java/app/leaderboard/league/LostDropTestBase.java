package app.leaderboard.league;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.support.IntegrationTestBase;

/**
 * What the league check's tests share: the service's league listings with drops that can
 * be lost ({@link LosingLeagues}, imported through {@link Losing}), the check, and the
 * reset of both after each test.
 */
abstract class LostDropTestBase extends IntegrationTestBase {

	@Autowired
	LosingLeagues leagues;

	@Autowired
	LeagueCheck check;

	@Autowired
	RedisConnector connector;

	@Autowired
	Periods periods;

	@AfterEach
	void keep() {
		this.leagues.lose = false;
		this.check.margin(LeagueCheck.MARGIN);
	}

	/**
	 * The service's league listings in Redis, whose drops after a change can be lost.
	 */
	static class LosingLeagues extends RedisLeagues {

		volatile boolean lose;

		LosingLeagues(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
			super(connector, guard, keys, clock);
		}

		@Override
		public void forget(String userId, List<PeriodInstance> seasons, List<GroupOf> groups) {
			if (!this.lose) {
				super.forget(userId, seasons, groups);
			}
		}

		@Override
		public void forgetGroups(Collection<GroupOf> groups) {
			if (!this.lose) {
				super.forgetGroups(groups);
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Losing {

		@Bean
		@Primary
		LosingLeagues losingLeagues(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
			return new LosingLeagues(connector, guard, keys, clock);
		}

	}

}
