package app.leaderboard.http.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves {@code /widget.js}, the web components that other sites put on their pages
 * (docs/clients.md). The URL has no version in it, so the answer carries a strong ETag of
 * its bytes and may be kept for {@link #MAX_AGE}: a browser or a shared cache asks again
 * after that, and gets a 304 while the service runs the same script. It is the same for
 * every origin and carries nothing secret, so every origin may load it (the CORS rule in
 * {@code http.security}); what the components then read is governed by
 * {@code LEADERBOARD_CORS_ORIGINS} like any other call.
 */
@Controller
@Hidden
class WidgetController {

	static final String PATH = "/widget.js";

	/** Long enough to spare a busy page's visitors, short enough for an upgrade. */
	static final Duration MAX_AGE = Duration.ofMinutes(5);

	/** What HTML's module scripts expect (RFC 9239). */
	static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	private final byte[] script;

	private final String etag;

	WidgetController() {
		try {
			this.script = new ClassPathResource("widget/widget.js").getContentAsByteArray();
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.script);
			this.etag = "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A matching {@code If-None-Match} is a 304, answered by Spring MVC from the ETag.
	 */
	@GetMapping(PATH)
	ResponseEntity<byte[]> widget() {
		return ResponseEntity.ok()
			.contentType(JAVASCRIPT)
			.eTag(this.etag)
			.cacheControl(CacheControl.maxAge(MAX_AGE).cachePublic())
			.body(this.script);
	}

}
