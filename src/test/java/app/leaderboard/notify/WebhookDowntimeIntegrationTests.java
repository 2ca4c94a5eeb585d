package app.leaderboard.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.store.postgres.EmbeddedPostgresServer;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.ProcessGroup;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestProperties;
import app.leaderboard.support.WebhookReceiver;
import app.leaderboard.support.WebhookReceiver.Received;

/**
 * Boundaries that pass while no instance runs: the instances that start afterwards make
 * one event per ended board and league season, in boundary order (a board's before the
 * season's at the same boundary), empty boards too, and none for the boundaries before
 * the service first ran on its database; two instances running together send each event
 * once. Instances of the service in this JVM on one PostgreSQL, each started with its
 * clock already set ({@link StartClock}).
 */
class WebhookDowntimeIntegrationTests {

	static final String SECRET = "downtime-secret-0123456789-abcdefghij";

	@Test
	void boundariesPassedWhileEveryInstanceWasDownAreSentOnReturnByOneSender() throws Exception {
		Path directory = Path.of("target", "test-data", "webhook-" + UUID.randomUUID());
		try (ProcessGroup processes = new ProcessGroup(); WebhookReceiver receiver = WebhookReceiver.start("/hook")) {
			EmbeddedPostgresServer postgres = processes
				.start(() -> EmbeddedPostgresServer.start(directory.resolve("pg")));

			// the first run, on Wednesday 2026-11-25 at 10:15: one user, then every
			// instance stops
			try (ConfigurableApplicationContext first = start(directory, "first", postgres, receiver,
					MutableClock.DEFAULT)) {
				assertThat(api(first).update("alice", 4).status()).isEqualTo(200);
			}

			// back on Tuesday 2026-12-01 at 09:00, two instances at once
			Instant back = Instant.parse("2026-12-01T09:00:00Z");
			CompletableFuture<ConfigurableApplicationContext> one = CompletableFuture
				.supplyAsync(() -> start(directory, "one", postgres, receiver, back));
			CompletableFuture<ConfigurableApplicationContext> two = CompletableFuture
				.supplyAsync(() -> start(directory, "two", postgres, receiver, back));
			try (ConfigurableApplicationContext a = one.get(); ConfigurableApplicationContext b = two.get()) {
				JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 9);

				List<Received> events = receiver.received();
				assertThat(events).extracting(WebhookIntegrationTests::describe)
					.containsExactly("period.ended daily 2026-11-25", "period.ended daily 2026-11-26",
							"period.ended daily 2026-11-27", "period.ended daily 2026-11-28",
							"period.ended daily 2026-11-29", "period.ended weekly 2026-11-23",
							"league.season_ended weekly 2026-11-23", "period.ended daily 2026-11-30",
							"period.ended monthly 2026-11-01");
				assertThat(events).allSatisfy((e) -> assertThat(e.signedWith(SECRET)).isTrue());
				assertThat(events).extracting(Received::id).doesNotHaveDuplicates();
				assertThat(events.get(0).text()).contains("\"ended_at\":\"2026-11-26T00:00:00Z\",\"total\":1,"
						+ "\"top\":[{\"rank\":1,\"user_id\":\"alice\",\"display_name\":null,\"score\":4}]}");
				assertThat(events.get(1).text())
					.endsWith("\"ended_at\":\"2026-11-27T00:00:00Z\",\"total\":0,\"top\":[]}");
				assertThat(events.get(5).<Integer>read("$.total")).isEqualTo(1);
				// alice, alone in her bronze group with a score: up
				assertThat(events.get(6).text()).endsWith("\"period\":\"weekly\",\"season_start\":\"2026-11-23\","
						+ "\"ended_at\":\"2026-11-30T00:00:00Z\",\"promoted\":1,\"stayed\":0,\"demoted\":0}");
				assertThat(events.get(8).<String>read("$.ended_at")).isEqualTo("2026-12-01T00:00:00Z");
				// each made once and sent once, by one of the two
				assertThat(jdbc.queryForObject("select count(*) from webhook_events", Long.class)).isEqualTo(9);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> jdbc.queryForObject(
							"select count(*) from webhook_events where delivered_at is not null and attempts = 1",
							Long.class) == 9);

				// a boundary crossed while both run: one event, sent once
				a.getBean(MutableClock.class).set("2026-12-02T00:00:02Z");
				b.getBean(MutableClock.class).set("2026-12-02T00:00:02Z");
				await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 10);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> jdbc.queryForObject(
							"select count(*) from webhook_events where delivered_at is not null and attempts = 1",
							Long.class) == 10);
				assertThat(receiver.received()).hasSize(10);
				assertThat(receiver.received().get(9).<String>read("$.period_start")).isEqualTo("2026-12-01");
			}
		}
	}

	private static ConfigurableApplicationContext start(Path directory, String name, EmbeddedPostgresServer postgres,
			WebhookReceiver receiver, Instant now) {
		Map<String, String> properties = TestProperties.of(TestProperties.ADMIN, TestProperties.NO_RATE_LIMIT,
				"leaderboard.key-prefix=lbhook:", "leaderboard.webhook.interval=200ms",
				"leaderboard.webhook.secret=" + SECRET);
		properties.put("leaderboard.webhook.url", receiver.url());
		properties.put("leaderboard.data-dir", directory.resolve(name).toString());
		properties.put("leaderboard.database.url", postgres.jdbcUrl());
		properties.put(StartClock.PROPERTY, now.toString());
		return ServiceInstances.run(properties, StartClock.class);
	}

	private static TestApi api(ConfigurableApplicationContext context) {
		return new TestApi(ServiceInstances.port(context));
	}

	/** The test clock, set before the context's beans are made to {@link #PROPERTY}. */
	@TestConfiguration(proxyBeanMethods = false)
	static class StartClock {

		static final String PROPERTY = "test.clock-start";

		@Bean
		@Primary
		MutableClock startClock(@Value("${" + PROPERTY + "}") String at) {
			MutableClock clock = new MutableClock();
			clock.set(at);
			return clock;
		}

	}

}
