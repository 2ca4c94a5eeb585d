package app.leaderboard.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Leaderboard-Signature} header: {@code sha256=} and the hex HMAC-SHA256 of
 * the exact body bytes, keyed with {@code LEADERBOARD_WEBHOOK_SECRET} (docs/api.md shows
 * how a receiver checks it).
 */
final class WebhookSignature {

	static final String HEADER = "X-Leaderboard-Signature";

	private final SecretKeySpec key;

	WebhookSignature(String secret) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	String sign(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
