package app.leaderboard.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the service. {@code application.yml} maps the contract's environment
 * variables onto these names; each value is checked here, and a bad one stops the start
 * with an {@link InvalidConfigurationException} naming the variable.
 *
 * @param adminToken bearer token for {@code /admin/*}; blank means one is generated at
 * start ({@code LEADERBOARD_ADMIN_TOKEN})
 * @param timeZone zone in which days, weeks, months and years begin
 * ({@code LEADERBOARD_TIME_ZONE})
 * @param redisFallback serve reads from PostgreSQL while Redis is down
 * ({@code LEADERBOARD_REDIS_FALLBACK})
 * @param rateLimitPerMinute updates accepted per user per minute, 0 disables
 * ({@code LEADERBOARD_RATE_LIMIT_PER_MINUTE})
 * @param maxCount largest {@code count} one update may carry
 * ({@code LEADERBOARD_MAX_COUNT})
 * @param dataDir where the embedded PostgreSQL keeps its data
 * ({@code LEADERBOARD_DATA_DIR})
 * @param keyPrefix prefix of every Redis key this service owns
 * @param redisTimeout Redis command and connect timeout; a request never waits longer on
 * a dead or paused Redis
 * @param relayInterval how often the outbox relay and the board warmer run
 * @param database PostgreSQL connection variables
 * @param redis Redis connection variables
 * @param jwtSecret HS256 key of update tokens, 32 bytes or more; when set, updates need a
 * JWT ({@code LEADERBOARD_JWT_SECRET})
 * @param jwtJwksUrl JWKS URL of the existing auth system, for RS256 and ES256 update
 * tokens ({@code LEADERBOARD_JWT_JWKS_URL})
 * @param corsOrigins comma-separated origins a browser frontend may call from; none when
 * blank ({@code LEADERBOARD_CORS_ORIGINS})
 */
@ConfigurationProperties("leaderboard")
public record LeaderboardProperties(String adminToken, @DefaultValue("UTC") String timeZone,
		@DefaultValue("true") String redisFallback, @DefaultValue("60") String rateLimitPerMinute,
		@DefaultValue("1000") String maxCount, @DefaultValue("./data") String dataDir,
		@DefaultValue("leaderboard:") String keyPrefix, @DefaultValue("500ms") Duration redisTimeout,
		@DefaultValue("2s") Duration relayInterval, @DefaultValue Database database, @DefaultValue Redis redis,
		String jwtSecret, String jwtJwksUrl, String corsOrigins) {

	/** HS256 needs a key at least as long as its hash (RFC 7518, section 3.2). */
	public static final int MIN_JWT_SECRET_BYTES = 32;

	/** A browser origin: scheme, host and optional port, nothing else. */
	private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

	@ConstructorBinding
	public LeaderboardProperties {
		zone(timeZone);
		bool("LEADERBOARD_REDIS_FALLBACK", redisFallback);
		integer("LEADERBOARD_RATE_LIMIT_PER_MINUTE", rateLimitPerMinute, 0, Integer.MAX_VALUE);
		integer("LEADERBOARD_MAX_COUNT", maxCount, 1, 1_000_000);
		if (dataDir == null || dataDir.isBlank()) {
			throw new InvalidConfigurationException("LEADERBOARD_DATA_DIR", "must not be empty");
		}
		if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
			throw new InvalidConfigurationException("leaderboard.key-prefix", "must be non-empty and without braces");
		}
		database.settings();
		redis.settings();
		jwtSecret(jwtSecret);
		jwksUri(jwtJwksUrl);
		origins(corsOrigins);
	}

	/** The settings without the security variables: updates need no token, no CORS. */
	public LeaderboardProperties(String adminToken, String timeZone, String redisFallback, String rateLimitPerMinute,
			String maxCount, String dataDir, String keyPrefix, Duration redisTimeout, Duration relayInterval,
			Database database, Redis redis) {
		this(adminToken, timeZone, redisFallback, rateLimitPerMinute, maxCount, dataDir, keyPrefix, redisTimeout,
				relayInterval, database, redis, null, null, null);
	}

	public ZoneId zone() {
		return zone(this.timeZone);
	}

	public boolean fallbackEnabled() {
		return bool("LEADERBOARD_REDIS_FALLBACK", this.redisFallback);
	}

	public int rateLimit() {
		return integer("LEADERBOARD_RATE_LIMIT_PER_MINUTE", this.rateLimitPerMinute, 0, Integer.MAX_VALUE);
	}

	public int maxUpdateCount() {
		return integer("LEADERBOARD_MAX_COUNT", this.maxCount, 1, 1_000_000);
	}

	/** The HS256 key, or empty when tokens are not checked with a shared secret. */
	public Optional<byte[]> jwtSecretBytes() {
		return Optional.ofNullable(jwtSecret(this.jwtSecret));
	}

	/** The auth system's JWKS URL, or empty. */
	public Optional<URI> jwksUri() {
		return Optional.ofNullable(jwksUri(this.jwtJwksUrl));
	}

	/** True when updates need a JWT (contract section 3.7); false: no token needed. */
	public boolean jwtEnabled() {
		return jwtSecretBytes().isPresent() || jwksUri().isPresent();
	}

	/** Origins a browser frontend may call from, as given; empty allows none. */
	public List<String> corsOriginList() {
		return origins(this.corsOrigins);
	}

	public Path dataPath() {
		return Path.of(this.dataDir).toAbsolutePath().normalize();
	}

	private static ZoneId zone(String value) {
		try {
			return ZoneId.of(value.trim());
		}
		catch (DateTimeException | NullPointerException ex) {
			throw new InvalidConfigurationException("LEADERBOARD_TIME_ZONE",
					"'" + value + "' is not a known time zone");
		}
	}

	private static byte[] jwtSecret(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_JWT_SECRET_BYTES) {
			// the length only: the value itself never goes into a message
			throw new InvalidConfigurationException("LEADERBOARD_JWT_SECRET",
					"must be at least " + MIN_JWT_SECRET_BYTES + " bytes for HS256, but has " + bytes.length);
		}
		return bytes;
	}

	private static URI jwksUri(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			URI uri = new URI(value.trim());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null) {
				throw new InvalidConfigurationException("LEADERBOARD_JWT_JWKS_URL", "must be an http(s) URL");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationException("LEADERBOARD_JWT_JWKS_URL", "not a valid URL");
		}
	}

	private static List<String> origins(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		List<String> origins = new ArrayList<>();
		for (String part : value.split(",")) {
			String origin = part.trim();
			if (origin.isEmpty()) {
				continue;
			}
			if (!ORIGIN.matcher(origin).matches()) {
				throw new InvalidConfigurationException("LEADERBOARD_CORS_ORIGINS",
						"'" + origin + "' is not an origin like https://app.example.com[:port]");
			}
			origins.add(origin);
		}
		return List.copyOf(origins);
	}

	private static boolean bool(String variable, String value) {
		String v = (value == null) ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
		return switch (v) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new InvalidConfigurationException(variable, "must be true or false");
		};
	}

	private static int integer(String variable, String value, int min, int max) {
		try {
			int parsed = Integer.parseInt(value.trim());
			if (parsed < min || parsed > max) {
				throw new InvalidConfigurationException(variable, "must be between " + min + " and " + max);
			}
			return parsed;
		}
		catch (NumberFormatException | NullPointerException ex) {
			throw new InvalidConfigurationException(variable, "not a whole number");
		}
	}

	/**
	 * PostgreSQL variables as given ({@code DATABASE_URL}, {@code DATABASE_USER},
	 * {@code DATABASE_PASSWORD}).
	 */
	public record Database(String url, String user, String password) {

		public DatabaseSettings settings() {
			return DatabaseSettings.parse(this.url, this.user, this.password);
		}

		@Override
		public String toString() {
			return settings().toString();
		}

	}

	/**
	 * Redis variables as given ({@code REDIS_URL}, {@code REDIS_HOST},
	 * {@code REDIS_PORT}, {@code REDIS_PASSWORD}, {@code REDIS_DB},
	 * {@code REDIS_CLUSTER_NODES}, {@code REDIS_SENTINEL_MASTER},
	 * {@code REDIS_SENTINEL_NODES}).
	 */
	public record Redis(String url, String host, String port, String password, String db, String clusterNodes,
			String sentinelMaster, String sentinelNodes) {

		@ConstructorBinding
		public Redis {
		}

		public Redis(String url, String host, String port, String password, String db) {
			this(url, host, port, password, db, null, null, null);
		}

		public RedisSettings settings() {
			return RedisSettings.parse(this.url, this.host, this.port, this.password, this.db, this.clusterNodes,
					this.sentinelMaster, this.sentinelNodes);
		}

		@Override
		public String toString() {
			return settings().toString();
		}

	}

	/** Never shows the admin token or the JWT secret; only whether they are set. */
	@Override
	public String toString() {
		return "LeaderboardProperties[timeZone=" + this.timeZone + ", database=" + this.database + ", redis="
				+ this.redis + ", jwt=" + (jwtSecretBytes().isPresent() ? "HS256 " : "")
				+ (jwksUri().isPresent() ? "JWKS" : "") + ", corsOrigins=" + corsOriginList() + "]";
	}

}
