package app.leaderboard;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import app.leaderboard.config.StartupCheck;
import app.leaderboard.operate.cli.LeaderboardCli;

/**
 * The leaderboard service. PostgreSQL holds the truth; Redis sorted sets serve the reads.
 * The same jar is the operators' CLI: {@code cache ...} and {@code generate ...} run
 * {@link LeaderboardCli} instead of the web server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LeaderboardApplication {

	/** Time for everything: tests replace it with a clock they can move. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * One scheduler for the timers and for delayed work such as a reset's follow-up
	 * build, built as Boot builds its own ({@code spring.task.scheduling.*}), and present
	 * in the CLI too, where the timers are off.
	 */
	@Bean
	ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
		return builder.build();
	}

	public static void main(String[] args) {
		String problem = StartupCheck.problem(System.getenv());
		if (problem != null) {
			System.err.println(problem);
			System.exit(2);
		}
		if (LeaderboardCli.handles(args)) {
			System.exit(LeaderboardCli.run(args, LeaderboardApplication.class));
		}
		SpringApplication.run(LeaderboardApplication.class, args);
	}

	/**
	 * The timers (outbox relay, board warmer, drift metric). The CLI switches them off
	 * ({@code leaderboard.maintenance.enabled=false}): a one-shot command must not race
	 * its own rebuild with a background one, nor keep running after its work is done.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnProperty(name = "leaderboard.maintenance.enabled", havingValue = "true", matchIfMissing = true)
	static class MaintenanceScheduling {

	}

}
