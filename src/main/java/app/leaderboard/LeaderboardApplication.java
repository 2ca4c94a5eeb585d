package app.leaderboard;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import app.leaderboard.config.StartupCheck;

/**
 * The leaderboard service. PostgreSQL holds the truth; Redis sorted sets serve the reads.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LeaderboardApplication {

	/** Time for everything: tests replace it with a clock they can move. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		String problem = StartupCheck.problem(System.getenv());
		if (problem != null) {
			System.err.println(problem);
			System.exit(2);
		}
		SpringApplication.run(LeaderboardApplication.class, args);
	}

}
