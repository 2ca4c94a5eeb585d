package app.leaderboard.config;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is: {@code REDIS_URL}, or {@code REDIS_HOST}/{@code REDIS_PORT}, or, with
 * neither, the embedded server. {@code REDIS_PASSWORD} and {@code REDIS_DB} apply to the
 * embedded server as well, so AUTH and database selection work the same in both modes. A
 * URL may name a Redis 6 ACL user ({@code redis://user:password@host}); without one, AUTH
 * uses the default user.
 */
public record RedisSettings(@Nullable String host, int port, @Nullable String username, @Nullable String password,
		int database, boolean tls) {

	public RedisSettings(String host, int port, String password, int database, boolean tls) {
		this(host, port, null, password, database, tls);
	}

	public boolean embedded() {
		return this.host == null;
	}

	public String describe() {
		return embedded() ? "embedded Redis" : (this.tls ? "rediss://" : "redis://") + this.host + ":" + this.port + "/"
				+ this.database + ((this.password != null) ? " (with AUTH)" : "");
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
		String pass = blank(password) ? null : password;
		int database = parseInt("REDIS_DB", db, 0, 0, 15);
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

	private static RedisSettings parseUrl(String url, String password, int database) {
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

	private static int parseInt(String variable, String value, int fallback, int min, int max) {
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

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
