package app.leaderboard.store.redis.connection;

import java.time.Duration;

import io.lettuce.core.RedisURI;

import app.leaderboard.config.RedisSettings;

/**
 * The {@link RedisURI}s of each deployment, with {@code REDIS_PASSWORD} (and an ACL user
 * where one is given) on the data nodes: the single server, the master elected by the
 * Sentinels, each seed of a cluster. Sentinels themselves are asked without AUTH.
 */
final class RedisUris {

	private RedisUris() {
	}

	static RedisURI single(RedisSettings settings, Duration timeout) {
		return auth(RedisURI.builder()
			.withHost(settings.host())
			.withPort(settings.port())
			.withDatabase(settings.database())
			.withSsl(settings.tls())
			.withTimeout(timeout), settings).build();
	}

	static RedisURI sentinel(RedisSettings settings, Duration timeout) {
		RedisURI.Builder uri = null;
		for (String node : settings.sentinelNodes()) {
			String host = node.substring(0, node.lastIndexOf(':'));
			int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
			uri = (uri == null) ? RedisURI.Builder.sentinel(host, port, settings.sentinelMaster())
					: uri.withSentinel(host, port);
		}
		return auth(uri.withDatabase(settings.database()).withTimeout(timeout), settings).build();
	}

	static RedisURI node(String node, RedisSettings settings, Duration timeout) {
		String host = node.substring(0, node.lastIndexOf(':'));
		int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
		return auth(RedisURI.builder().withHost(host).withPort(port).withTimeout(timeout), settings).build();
	}

	private static RedisURI.Builder auth(RedisURI.Builder uri, RedisSettings settings) {
		if (settings.username() != null && settings.password() != null) {
			uri.withAuthentication(settings.username(), settings.password().toCharArray());
		}
		else if (settings.password() != null) {
			uri.withPassword(settings.password().toCharArray());
		}
		return uri;
	}

}
