package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import app.leaderboard.support.EventStream;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

/**
 * Requests to event stream paths that should be refused: a plain read of a stream that
 * was opened after all would never end, so the status is looked at first.
 */
final class Refusals {

	private Refusals() {
	}

	/** The refusal's response; fails at once if a stream opened instead. */
	static Response refused(int port, String path, String... headers) {
		try (EventStream probe = EventStream.open(port, path, headers)) {
			assertThat(probe.status()).as("%s was refused", path).isNotEqualTo(200);
		}
		return new TestApi(port).get(path, headers);
	}

}
