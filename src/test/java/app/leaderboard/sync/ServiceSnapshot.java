package app.leaderboard.sync;

import java.util.List;
import java.util.Map;

import app.leaderboard.support.RedisProcess;

/**
 * What a failure of the model-based test shows besides the differences, to tell a stuck
 * job from a wrong write: the service's locks and leases in Redis with their time to
 * live, and where its background threads are (the service runs in the test's JVM).
 */
final class ServiceSnapshot {

	private static final List<String> THREADS = List.of("scheduling", "board-loader", "cache-sync", "topology", "lock",
			"redis");

	private ServiceSnapshot() {
	}

	static String of(RedisProcess redis, String prefix) {
		StringBuilder text = new StringBuilder("locks and leases in Redis:");
		try {
			redis.call((c) -> {
				for (String pattern : List.of(prefix + "*lock*", prefix + "lease:*")) {
					for (String key : c.keys(pattern)) {
						text.append("\n  ").append(key).append(" = ").append(c.get(key)).append(", ");
						text.append(c.pttl(key)).append(" ms left");
					}
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			text.append(" unreadable (").append(ex).append(')');
		}
		text.append("\nthe service's background threads:");
		for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
			String name = thread.getKey().getName();
			if (THREADS.stream().noneMatch(name::startsWith)) {
				continue;
			}
			text.append("\n  ").append(name).append(" (").append(thread.getKey().getState()).append(')');
			int shown = 0;
			for (StackTraceElement frame : thread.getValue()) {
				if (frame.getClassName().startsWith("app.leaderboard") && shown++ < 6) {
					text.append("\n    at ").append(frame);
				}
			}
		}
		return text.toString();
	}

}
