package app.leaderboard.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import static org.assertj.core.api.Assertions.assertThat;

import app.leaderboard.config.StartupCheck;
import app.leaderboard.support.IntegrationTestBase;

/**
 * One instance opens at most {@code LEADERBOARD_DB_MAX_CONNECTIONS} connections to
 * PostgreSQL, its pools together, also while updates, a full sync and reads run at once
 * (docs/deployment.md, "Sizing").
 */
@TestPropertySource(properties = "leaderboard.db-max-connections=6")
class ConnectionBudgetIntegrationTests extends IntegrationTestBase {

	@Autowired
	DataSource shared;

	@Autowired
	UpdateDatabase updates;

	@Test
	void thePoolsTogetherStayWithinTheBudgetUnderLoad() throws Exception {
		HikariDataSource sharedPool = (HikariDataSource) this.shared;
		HikariDataSource updatesPool = (HikariDataSource) this.updates.pool();
		assertThat(sharedPool.getMaximumPoolSize() + updatesPool.getMaximumPoolSize()).isEqualTo(6);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger most = new AtomicInteger();
		Thread sampler = new Thread(() -> {
			while (running.get()) {
				most.accumulateAndGet(open(sharedPool) + open(updatesPool), Math::max);
				Thread.onSpinWait();
			}
		});
		sampler.start();
		ExecutorService load = Executors.newFixedThreadPool(24);
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String user = "budget" + (i % 40);
				work.add(load.submit(() -> statuses.add(this.api.update(user, 1).status())));
				work.add(load.submit(() -> this.api.get("/api/redis-leaderboard/daily?limit=10")));
				if (i % 50 == 0) {
					work.add(load.submit(() -> this.api.post("/api/redis-leaderboard/admin/sync", null, admin())));
				}
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			load.shutdown();
			running.set(false);
			sampler.join();
		}
		assertThat(statuses).hasSize(200).containsOnly(200);
		assertThat(most.get()).isPositive().isLessThanOrEqualTo(6);
		assertThat(this.jdbc.queryForObject("select coalesce(sum(total), 0) from period_totals where period = 'daily'",
				Long.class))
			.isEqualTo(200);
	}

	/** Connections the pool holds now, busy or idle; none before its first use. */
	private static int open(HikariDataSource pool) {
		HikariPoolMXBean bean = pool.getHikariPoolMXBean();
		return (bean != null) ? bean.getTotalConnections() : 0;
	}

	@Test
	void aBudgetTooSmallForTheCommittersStopsTheStartNamingIt() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DB_MAX_CONNECTIONS", "4")))
			.contains("LEADERBOARD_DB_MAX_CONNECTIONS", "at least LEADERBOARD_WRITE_COMMITTERS + 3 (5 here), but is 4");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DB_MAX_CONNECTIONS", "ten")))
			.contains("LEADERBOARD_DB_MAX_CONNECTIONS");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_DB_MAX_CONNECTIONS", "5"))).isNull();
	}

}
