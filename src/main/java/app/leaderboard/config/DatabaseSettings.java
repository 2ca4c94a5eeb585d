package app.leaderboard.config;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where PostgreSQL is: either configured through {@code DATABASE_URL} (both the
 * {@code postgresql://user:pass@host:port/db} and the {@code jdbc:postgresql://} form)
 * or, when unset, the embedded server. A replica's {@code DATABASE_READ_URL} takes the
 * same forms.
 */
public record DatabaseSettings(@Nullable String jdbcUrl, String user, String password) {

	static final String VARIABLE = "DATABASE_URL";

	static final String READ_VARIABLE = "DATABASE_READ_URL";

	private static final String FORMS = "expected postgresql://user:pass@host:port/db or jdbc:postgresql://host:port/db";

	public boolean embedded() {
		return this.jdbcUrl == null;
	}

	/** The JDBC URL with nothing secret in it, for logs. */
	public String describe() {
		return embedded() ? "embedded PostgreSQL" : this.jdbcUrl.replaceAll("(?i)password=[^&]*", "password=****");
	}

	@Override
	public String toString() {
		return "DatabaseSettings[" + describe() + ", user=" + this.user + "]";
	}

	/**
	 * Parses the connection variables; user and password inside the URL win over
	 * {@code DATABASE_USER}/{@code DATABASE_PASSWORD}.
	 */
	public static DatabaseSettings parse(@Nullable String url, @Nullable String user, @Nullable String password) {
		return parse(VARIABLE, url, user, password);
	}

	/**
	 * Parses {@code url} from the environment variable {@code variable}, which a bad
	 * value's message names.
	 */
	static DatabaseSettings parse(String variable, @Nullable String url, @Nullable String user,
			@Nullable String password) {
		String defaultUser = blank(user) ? "postgres" : user;
		String defaultPassword = (password != null) ? password : "";
		if (blank(url)) {
			return new DatabaseSettings(null, defaultUser, defaultPassword);
		}
		String trimmed = url.trim();
		if (trimmed.startsWith("jdbc:postgresql://")) {
			URI uri = uri(variable, trimmed.substring("jdbc:".length()));
			requireHost(variable, uri);
			return new DatabaseSettings(trimmed, defaultUser, defaultPassword);
		}
		if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
			throw new InvalidConfigurationException(variable, "unsupported scheme; " + FORMS);
		}
		URI uri = uri(variable, trimmed);
		requireHost(variable, uri);
		String database = (uri.getPath() == null || uri.getPath().length() <= 1) ? "postgres"
				: uri.getPath().substring(1);
		String jdbc = "jdbc:postgresql://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "") + "/"
				+ database + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		String resolvedUser = defaultUser;
		String resolvedPassword = defaultPassword;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			resolvedUser = decode(parts[0]);
			if (parts.length == 2) {
				resolvedPassword = decode(parts[1]);
			}
		}
		return new DatabaseSettings(jdbc, resolvedUser, resolvedPassword);
	}

	private static URI uri(String variable, String value) {
		try {
			return new URI(value);
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationException(variable, "not a valid URL; " + FORMS);
		}
	}

	private static void requireHost(String variable, URI uri) {
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new InvalidConfigurationException(variable, "no host; " + FORMS);
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535 || uri.getPort() < -1) {
			throw new InvalidConfigurationException(variable, "port out of range; " + FORMS);
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
