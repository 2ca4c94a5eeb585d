package app.leaderboard.config;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the service, typed and validated; each default is written here once.
 * The {@code LEADERBOARD_*} environment variables bind by name (Spring's relaxed binding:
 * {@code LEADERBOARD_TIME_ZONE} is {@code leaderboard.time-zone});
 * {@code application.yml} maps the others ({@code DATABASE_*}, {@code REDIS_*}). A bad
 * value stops the start with one line naming the variable ({@link SettingsBinder}).
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
 * @param dataDir where the embedded PostgreSQL and Redis keep their data
 * ({@code LEADERBOARD_DATA_DIR})
 * @param keyPrefix prefix of every Redis key this service owns
 * @param redisTimeout Redis command and connect timeout; a request never waits longer on
 * a dead or paused Redis
 * @param relayInterval how often the outbox relay and the board warmer run
 * @param metricsInterval how often the gauges that ask a store (up, outbox backlog) are
 * refreshed
 * @param keyCountInterval how often the key-count gauge counts the service's keys (a SCAN
 * of the keyspace, too costly for every metrics refresh)
 * @param database PostgreSQL connection variables
 * @param redis Redis connection variables
 * @param jwtSecret HS256 key of update tokens, 32 bytes or more; when set, updates need a
 * JWT ({@code LEADERBOARD_JWT_SECRET})
 * @param jwtJwksUrl JWKS URL of the existing auth system, for RS256 and ES256 update
 * tokens ({@code LEADERBOARD_JWT_JWKS_URL})
 * @param jwtIssuer when set, every token must carry exactly this {@code iss}
 * ({@code LEADERBOARD_JWT_ISSUER})
 * @param jwtAudience when set, every token's {@code aud} must hold it
 * ({@code LEADERBOARD_JWT_AUDIENCE})
 * @param corsOrigins comma-separated origins a browser frontend may call from; none by
 * default ({@code LEADERBOARD_CORS_ORIGINS})
 */
@ConfigurationProperties("leaderboard")
@Validated
public record LeaderboardProperties(@Nullable String adminToken, @DefaultValue("UTC") ZoneId timeZone,
		@DefaultValue("true") boolean redisFallback,
		@DefaultValue("60") @Min(value = 0, message = "must be 0 or more") int rateLimitPerMinute,
		@DefaultValue("1000") @Min(value = 1, message = MAX_COUNT_RULE) @Max(value = 1_000_000,
				message = MAX_COUNT_RULE) int maxCount,
		@DefaultValue("./data") @NotBlank(message = "must not be empty") String dataDir,
		@DefaultValue("leaderboard:") @Pattern(regexp = "[^{}]+",
				message = "must be non-empty and without braces") String keyPrefix,
		@DefaultValue("500ms") Duration redisTimeout, @DefaultValue("2s") Duration relayInterval,
		@DefaultValue("10s") Duration metricsInterval, @DefaultValue("5m") Duration keyCountInterval,
		@DefaultValue @Valid Database database, @DefaultValue @Valid Redis redis, @Nullable String jwtSecret,
		@Nullable URI jwtJwksUrl, @Nullable String jwtIssuer, @Nullable String jwtAudience,
		@DefaultValue List<@Pattern(regexp = ORIGIN,
				message = "is not an origin like https://app.example.com[:port]") String> corsOrigins) {

	/**
	 * The bean's name, for {@code @Scheduled} intervals read from it ({@code "#{@'" +
	 * BEAN + "'.relayInterval()}"}), so that each default stays here.
	 */
	public static final String BEAN = "leaderboard-app.leaderboard.config.LeaderboardProperties";

	/** HS256 needs a key at least as long as its hash (RFC 7518, section 3.2). */
	public static final int MIN_JWT_SECRET_BYTES = 32;

	/** A browser origin: scheme, host and optional port, nothing else. */
	static final String ORIGIN = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$";

	static final String MAX_COUNT_RULE = "must be between 1 and 1000000";

	/**
	 * The checks bean validation cannot say: connection URLs, the secret's length in
	 * bytes and the JWKS URL's scheme. Blank optional values mean "not set".
	 */
	public LeaderboardProperties {
		jwtSecret = (jwtSecret == null || jwtSecret.isEmpty()) ? null : jwtSecret;
		jwtJwksUrl = (jwtJwksUrl == null || jwtJwksUrl.toString().isBlank()) ? null : jwtJwksUrl;
		jwtIssuer = (jwtIssuer == null || jwtIssuer.isBlank()) ? null : jwtIssuer.trim();
		jwtAudience = (jwtAudience == null || jwtAudience.isBlank()) ? null : jwtAudience.trim();
		corsOrigins = (corsOrigins == null) ? List.of()
				: corsOrigins.stream().map(String::trim).filter((origin) -> !origin.isEmpty()).toList();
		if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
			// the length only: the value itself never goes into a message
			throw new InvalidConfigurationException("LEADERBOARD_JWT_SECRET", "must be at least " + MIN_JWT_SECRET_BYTES
					+ " bytes for HS256, but has " + jwtSecret.getBytes(StandardCharsets.UTF_8).length);
		}
		if (jwtJwksUrl != null) {
			String scheme = (jwtJwksUrl.getScheme() != null) ? jwtJwksUrl.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((!scheme.equals("https") && !scheme.equals("http")) || jwtJwksUrl.getHost() == null) {
				throw new InvalidConfigurationException("LEADERBOARD_JWT_JWKS_URL", "must be an http(s) URL");
			}
		}
		if (database != null) {
			database.settings();
			database.readSettings();
		}
		if (redis != null) {
			redis.settings();
		}
	}

	/** The HS256 key, or empty when tokens are not checked with a shared secret. */
	public Optional<byte[]> jwtSecretBytes() {
		return Optional.ofNullable(this.jwtSecret).map((secret) -> secret.getBytes(StandardCharsets.UTF_8));
	}

	/** The auth system's JWKS URL, or empty. */
	public Optional<URI> jwksUri() {
		return Optional.ofNullable(this.jwtJwksUrl);
	}

	/** True when updates need a JWT (docs/security.md, Modes); false: no token needed. */
	public boolean jwtEnabled() {
		return this.jwtSecret != null || this.jwtJwksUrl != null;
	}

	public Path dataPath() {
		return Path.of(this.dataDir).toAbsolutePath().normalize();
	}

	/**
	 * PostgreSQL variables as given ({@code DATABASE_URL}, {@code DATABASE_USER},
	 * {@code DATABASE_PASSWORD}, and a streaming replica's {@code DATABASE_READ_URL});
	 * the URLs are parsed, in either form, by {@link DatabaseSettings}.
	 */
	public record Database(@Nullable String url, @Nullable String user, @Nullable String password,
			@Nullable String readUrl) {

		public DatabaseSettings settings() {
			return DatabaseSettings.parse(this.url, this.user, this.password);
		}

		/**
		 * The replica, or null when {@code DATABASE_READ_URL} is unset. Credentials the
		 * URL does not carry are the primary's: a streaming replica has the primary's
		 * roles.
		 */
		public @Nullable DatabaseSettings readSettings() {
			if (this.readUrl == null || this.readUrl.isBlank()) {
				return null;
			}
			DatabaseSettings primary = settings();
			if (primary.embedded()) {
				throw new InvalidConfigurationException(DatabaseSettings.READ_VARIABLE,
						"needs DATABASE_URL: the embedded PostgreSQL has no replica");
			}
			return DatabaseSettings.parse(DatabaseSettings.READ_VARIABLE, this.readUrl, primary.user(),
					primary.password());
		}

		@Override
		public String toString() {
			DatabaseSettings replica = readSettings();
			return settings() + ((replica != null) ? ", replica " + replica : "");
		}

	}

	/**
	 * Redis variables as given ({@code REDIS_URL}, {@code REDIS_HOST},
	 * {@code REDIS_PORT}, {@code REDIS_PASSWORD}, {@code REDIS_DB},
	 * {@code REDIS_CLUSTER_NODES}, {@code REDIS_SENTINEL_MASTER},
	 * {@code REDIS_SENTINEL_NODES}); see {@link RedisSettings}, which checks the
	 * combinations (a cluster has only database 0, and excludes a single Redis and
	 * Sentinel).
	 */
	public record Redis(@Nullable String url, @Nullable String host,
			@Min(value = 1, message = "must be between 1 and 65535") @Max(
					value = 65535, message = "must be between 1 and 65535") @Nullable Integer port,
			@Nullable String password,
			@Min(value = 0, message = "must be between 0 and 15") @Max(value = 15,
					message = "must be between 0 and 15") Integer db,
			@Nullable String clusterNodes, @Nullable String sentinelMaster, @Nullable String sentinelNodes) {

		public RedisSettings settings() {
			return RedisSettings.parse(this.url, this.host, (this.port != null) ? this.port.toString() : null,
					this.password, (this.db != null) ? this.db.toString() : null, this.clusterNodes,
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
				+ this.redis + ", jwt=" + ((this.jwtSecret != null) ? "HS256 " : "")
				+ ((this.jwtJwksUrl != null) ? "JWKS" : "") + ", corsOrigins=" + this.corsOrigins + "]";
	}

}
