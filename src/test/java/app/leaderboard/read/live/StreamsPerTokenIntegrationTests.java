package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.support.EventStream;
import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * With JWTs on, a request that carries a valid token is the client its {@code sub} names,
 * wherever it comes from: its streams count against that subject's limit, not against its
 * address's.
 */
class StreamsPerTokenIntegrationTests extends SecuredIntegrationTestBase {

	private static final String FEED = "/api/redis-leaderboard/user/alice/events?period=daily";

	private static final String BOARD = "/api/redis-leaderboard/weekly/events";

	@Autowired
	private StreamPlaces places;

	private final List<EventStream> opened = new ArrayList<>();

	@AfterEach
	void closeStreams() {
		this.opened.forEach(EventStream::close);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.places.open() == 0);
	}

	@Test
	void theSubOfAValidTokenIsTheClient() {
		assertThat(this.api.update("alice", 2, bearer("alice")).status()).isEqualTo(200);
		String[] alice = bearer("alice");
		for (int i = 0; i < 2; i++) {
			assertThat(open(FEED, alice).status()).isEqualTo(200);
			assertThat(open(BOARD, alice).status()).isEqualTo(200);
		}
		Response refused = Refusals.refused(this.port, FEED, alice);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		// a new token of the same subject is the same client
		assertThat(Refusals.refused(this.port, BOARD, bearer("alice", "leaderboard:read-any")).status()).isEqualTo(429);

		// the same address with another subject, or with no token, is another client
		assertThat(open(FEED, bearer("bob")).status()).isEqualTo(200);
		assertThat(open(BOARD).status()).isEqualTo(200);
	}

	@Test
	void anInvalidTokenIsRefusedRatherThanCounted() {
		this.api.update("alice", 1, bearer("alice"));
		Response bad = Refusals.refused(this.port, FEED, "Authorization", "Bearer not.a.token", "Accept",
				"text/event-stream");
		assertThat(bad.status()).isEqualTo(401);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(Refusals.refused(this.port, BOARD, "Authorization", "Bearer not.a.token").status()).isEqualTo(401);
	}

	private EventStream open(String path, String... headers) {
		EventStream stream = EventStream.open(this.port, path, headers);
		this.opened.add(stream);
		return stream;
	}

}
