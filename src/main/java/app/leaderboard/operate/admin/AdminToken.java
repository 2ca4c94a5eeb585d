package app.leaderboard.operate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.RedisLocks;
import app.leaderboard.store.redis.coordination.SharedValues;

/**
 * The bearer token of {@code /admin/*}: {@code LEADERBOARD_ADMIN_TOKEN}, or, when unset,
 * a random one generated at start and logged once so the operator can use it. Instances
 * that share a Redis share the generated token: the first one to start stores its SHA-256
 * there ({@code shared:{admin-token-sha256}}, never the token itself) and logs the token;
 * the others accept that one and log that they do. Every instance puts the hash back
 * every 10 s should the key be deleted. While Redis cannot be asked at start an instance
 * logs and accepts its own token until it can. Set {@code LEADERBOARD_ADMIN_TOKEN} in
 * production all the same: it survives restarts.
 */
@Component
class AdminToken {

	private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

	private static final String SHARED = "admin-token-sha256";

	/** How long a starting instance waits for Redis to learn whether a token exists. */
	private static final Duration REDIS_WAIT = Duration.ofSeconds(3);

	private final SharedValues shared;

	/** The generated token, or null when one is configured. */
	private final @Nullable String generated;

	/** SHA-256 of the token accepted now. */
	private volatile byte[] accepted;

	/** Whether this instance serves the admin API and takes part in sharing. */
	private volatile boolean serving;

	AdminToken(LeaderboardProperties properties, SharedValues shared) {
		this.shared = shared;
		String configured = properties.adminToken();
		if (configured == null || configured.isBlank()) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			this.generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			this.accepted = sha256(this.generated);
		}
		else {
			this.generated = null;
			this.accepted = sha256(configured);
		}
	}

	/** Shares or adopts a generated token once the web server runs (not in the CLI). */
	@EventListener(ApplicationReadyEvent.class)
	void share(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext) {
			shareGenerated();
		}
	}

	/** Stores the generated token's hash in Redis, or adopts the one there. */
	void shareGenerated() {
		String own = this.generated;
		if (own == null) {
			return;
		}
		this.serving = true;
		String hash = HexFormat.of().formatHex(sha256(own));
		String[] held = { null };
		RedisLocks.poll(() -> {
			try {
				held[0] = this.shared.claim(SHARED, hash);
				return true;
			}
			catch (RedisUnavailableException ex) {
				return false;
			}
		}, REDIS_WAIT);
		if (held[0] == null) {
			log.warn("LEADERBOARD_ADMIN_TOKEN is not set, and Redis does not answer: the admin token of this instance "
					+ "is {} until it does (set LEADERBOARD_ADMIN_TOKEN when several instances run)", own);
		}
		else if (held[0].equals(hash)) {
			log.warn("LEADERBOARD_ADMIN_TOKEN is not set; the admin token for this run is {} (every instance on this "
					+ "Redis accepts it; set LEADERBOARD_ADMIN_TOKEN to keep one across restarts)", own);
		}
		else {
			adopt(held[0]);
		}
	}

	/**
	 * Puts the shared hash back should it be gone, and adopts another's if it differs.
	 */
	@Scheduled(initialDelay = 10_000, fixedDelay = 10_000)
	void keepShared() {
		if (!this.serving) {
			return;
		}
		try {
			String hash = HexFormat.of().formatHex(this.accepted);
			String held = this.shared.claim(SHARED, hash);
			if (!held.equals(hash)) {
				adopt(held);
			}
		}
		catch (RedisUnavailableException ex) {
			// the token accepted now stays
		}
	}

	private void adopt(String hash) {
		this.accepted = HexFormat.of().parseHex(hash);
		log.warn("LEADERBOARD_ADMIN_TOKEN is not set; this instance accepts the admin token that the first instance "
				+ "on this Redis generated and logged (set LEADERBOARD_ADMIN_TOKEN when several instances run)");
	}

	/** The generated token, or null when one is configured (tests). */
	@Nullable String generated() {
		return this.generated;
	}

	/** Compares in constant time, so response timing reveals nothing of the token. */
	public boolean matches(@Nullable String candidate) {
		return candidate != null && MessageDigest.isEqual(this.accepted, sha256(candidate));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
