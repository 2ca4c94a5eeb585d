package app.leaderboard.config;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Redis is: a Redis Cluster ({@code REDIS_CLUSTER_NODES}, seeds), a master behind
 * Sentinel ({@code REDIS_SENTINEL_MASTER} with {@code REDIS_SENTINEL_NODES}), a single
 * Redis ({@code REDIS_URL}, or {@code REDIS_HOST}/{@code REDIS_PORT}), or, with none of
 * them, the embedded server. {@code REDIS_PASSWORD} applies to the data nodes of all
 * three (not to the Sentinels, which usually run without AUTH); a cluster has only
 * database 0, so {@code REDIS_DB} must stay 0 with it. {@code REDIS_PASSWORD} and
 * {@code REDIS_DB} apply to the embedded server as well, so AUTH and database selection
 * work the same in both modes. A URL may name a Redis 6 ACL user
 * ({@code redis://user:password@host}); without one, AUTH uses the default user.
 */
public record RedisSettings(@Nullable String host, int port, @Nullable String username, @Nullable String password,
		int database, boolean tls, List<String> clusterNodes, @Nullable String sentinelMaster,
		List<String> sentinelNodes) {

	public RedisSettings {
		clusterNodes = List.copyOf(clusterNodes);
		sentinelNodes = List.copyOf(sentinelNodes);
	}

	public RedisSettings(@Nullable String host, int port, @Nullable String username, @Nullable String password,
			int database, boolean tls) {
		this(host, port, username, password, database, tls, List.of(), null, List.of());
	}

	public RedisSettings(@Nullable String host, int port, @Nullable String password, int database, boolean tls) {
		this(host, port, null, password, database, tls);
	}

	/** How the service reaches Redis. */
	public enum Deployment {

		SINGLE, SENTINEL, CLUSTER

	}

	public Deployment deployment() {
		if (!this.clusterNodes.isEmpty()) {
			return Deployment.CLUSTER;
		}
		return (this.sentinelMaster != null) ? Deployment.SENTINEL : Deployment.SINGLE;
	}

	public boolean embedded() {
		return this.host == null && deployment() == Deployment.SINGLE;
	}

	public String describe() {
		String auth = (this.password != null) ? " (with AUTH)" : "";
		return switch (deployment()) {
			case CLUSTER -> "Redis Cluster via " + String.join(",", this.clusterNodes) + auth;
			case SENTINEL -> "Redis master '" + this.sentinelMaster + "' via Sentinels "
					+ String.join(",", this.sentinelNodes) + "/" + this.database + auth;
			case SINGLE -> embedded() ? "embedded Redis"
					: (this.tls ? "rediss://" : "redis://") + this.host + ":" + this.port + "/" + this.database + auth;
		};
	}

	@Override
	public String toString() {
		return "RedisSettings[" + describe() + "]";
	}

	public RedisSettings withEmbeddedPort(int embeddedPort) {
		return new RedisSettings("127.0.0.1", embeddedPort, this.password, this.database, false);
	}

	public static RedisSettings parse(@Nullable String url, @Nullable String host, @Nullable String port,
			@Nullable String password, @Nullable String db) {
		return parse(url, host, port, password, db, null, null, null);
	}

	/**
	 * Parses the variables. A cluster or Sentinel excludes {@code REDIS_URL} and
	 * {@code REDIS_HOST} (which one would be meant?), and each other.
	 */
	public static RedisSettings parse(@Nullable String url, @Nullable String host, @Nullable String port,
			@Nullable String password, @Nullable String db, @Nullable String clusterNodes,
			@Nullable String sentinelMaster, @Nullable String sentinelNodes) {
		String pass = blank(password) ? null : password;
		int database = parseInt("REDIS_DB", db, 0, 0, 15);
		List<String> cluster = hostPorts("REDIS_CLUSTER_NODES", clusterNodes);
		List<String> sentinels = hostPorts("REDIS_SENTINEL_NODES", sentinelNodes);
		if (!cluster.isEmpty()) {
			if (database != 0) {
				throw new InvalidConfigurationException("REDIS_DB",
						"must be 0 with REDIS_CLUSTER_NODES: a Redis Cluster has only database 0");
			}
			if (!blank(sentinelMaster) || !sentinels.isEmpty()) {
				throw new InvalidConfigurationException("REDIS_CLUSTER_NODES",
						"set either REDIS_CLUSTER_NODES or REDIS_SENTINEL_MASTER/REDIS_SENTINEL_NODES, not both");
			}
			refuseSingle("REDIS_CLUSTER_NODES", url, host);
			return new RedisSettings(null, 0, null, pass, 0, false, cluster, null, List.of());
		}
		if (!blank(sentinelMaster) || !sentinels.isEmpty()) {
			if (blank(sentinelMaster)) {
				throw new InvalidConfigurationException("REDIS_SENTINEL_MASTER",
						"must name the master when REDIS_SENTINEL_NODES is set");
			}
			if (sentinels.isEmpty()) {
				throw new InvalidConfigurationException("REDIS_SENTINEL_NODES",
						"must list the Sentinels (host:port,...) when REDIS_SENTINEL_MASTER is set");
			}
			refuseSingle("REDIS_SENTINEL_MASTER", url, host);
			return new RedisSettings(null, 0, null, pass, database, false, List.of(), sentinelMaster.trim(), sentinels);
		}
		if (!blank(url)) {
			return parseUrl(url.trim(), pass, database);
		}
		int parsedPort = parseInt("REDIS_PORT", port, 6379, 1, 65535);
		if (blank(host)) {
			if (!blank(port)) {
				return new RedisSettings("127.0.0.1", parsedPort, pass, database, false);
			}
			return new RedisSettings(null, 0, pass, database, false);
		}
		return new RedisSettings(host.trim(), parsedPort, pass, database, false);
	}

	private static RedisSettings parseUrl(String url, @Nullable String password, int database) {
		String forms = "expected redis://[:password@]host:port[/db] or rediss://...";
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationException("REDIS_URL", "not a valid URL; " + forms);
		}
		boolean tls = "rediss".equalsIgnoreCase(uri.getScheme());
		if (!tls && !"redis".equalsIgnoreCase(uri.getScheme())) {
			throw new InvalidConfigurationException("REDIS_URL", "unsupported scheme; " + forms);
		}
		if (uri.getHost() == null) {
			throw new InvalidConfigurationException("REDIS_URL", "no host; " + forms);
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw new InvalidConfigurationException("REDIS_URL", "port out of range; " + forms);
		}
		String pass = password;
		String user = null;
		if (uri.getRawUserInfo() != null) {
			String info = uri.getRawUserInfo();
			String secret = info.contains(":") ? info.substring(info.indexOf(':') + 1) : info;
			pass = secret.isEmpty() ? pass : URLDecoder.decode(secret, StandardCharsets.UTF_8);
			String name = info.contains(":") ? info.substring(0, info.indexOf(':')) : "";
			user = name.isEmpty() ? null : URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		int db = database;
		if (uri.getPath() != null && uri.getPath().length() > 1) {
			db = parseInt("REDIS_URL", uri.getPath().substring(1), 0, 0, 15);
		}
		return new RedisSettings(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379, user, pass, db, tls);
	}

	private static void refuseSingle(String variable, @Nullable String url, @Nullable String host) {
		if (!blank(url) || !blank(host)) {
			throw new InvalidConfigurationException(variable, "cannot be combined with REDIS_URL or REDIS_HOST");
		}
	}

	/** Comma-separated {@code host:port} pairs, each checked. */
	private static List<String> hostPorts(String variable, @Nullable String value) {
		if (blank(value)) {
			return List.of();
		}
		List<String> nodes = new ArrayList<>();
		for (String part : value.split(",")) {
			String node = part.trim();
			if (node.isEmpty()) {
				continue;
			}
			int colon = node.lastIndexOf(':');
			if (colon <= 0 || colon == node.length() - 1) {
				throw new InvalidConfigurationException(variable, "'" + node + "' is not host:port");
			}
			parseInt(variable, node.substring(colon + 1), 0, 1, 65535);
			nodes.add(node);
		}
		return nodes;
	}

	private static int parseInt(String variable, @Nullable String value, int fallback, int min, int max) {
		if (blank(value)) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value.trim());
			if (parsed < min || parsed > max) {
				throw new InvalidConfigurationException(variable, "must be between " + min + " and " + max);
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new InvalidConfigurationException(variable, "not a number");
		}
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
