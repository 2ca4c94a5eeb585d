package app.leaderboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Random updates of 60 users from 8 clients at once, a third of them setting a region or
 * an organisation so that users move between boards: what the tests of the counters kept
 * beside the totals (histogram, checksums) run before comparing them with a fresh count.
 */
public final class ConcurrentUpdates {

	private ConcurrentUpdates() {
	}

	/** Sends {@code updates} of them and asserts every one answered 200. */
	public static void post(TestApi api, Random random, int updates) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < updates; i++) {
				String user = "user" + random.nextInt(60);
				int count = 1 + random.nextInt(4);
				String scope = switch (random.nextInt(6)) {
					case 0 -> ",\"region\":\"eu\"";
					case 1 -> ",\"region\":\"us\"";
					case 2 -> ",\"org\":\"acme\"";
					default -> "";
				};
				String body = "{\"user_id\":\"" + user + "\",\"count\":" + count + scope + "}";
				answers.add(clients.submit(() -> api.post("/api/redis-leaderboard/update", body).status()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

}
