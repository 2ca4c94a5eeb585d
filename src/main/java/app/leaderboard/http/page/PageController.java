package app.leaderboard.http.page;

import java.time.Duration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves the two pages with their security headers. The pages load scripts, styles and
 * data from this origin only, and no inline script or style may run: a user id that
 * somehow reached the page as markup could do nothing.
 */
@Controller
@Hidden
class PageController {

	/**
	 * Same-origin everything; no inline script or style; no framing; no plugins. The
	 * page's own scripts set element styles through the DOM, which CSP allows.
	 */
	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private static final Resource BOARDS = new ClassPathResource("page/index.html");

	private static final Resource ADMIN = new ClassPathResource("page/admin.html");

	@GetMapping("/")
	ResponseEntity<Resource> boards() {
		return page(BOARDS);
	}

	@GetMapping("/admin")
	ResponseEntity<Resource> admin() {
		return page(ADMIN);
	}

	private static ResponseEntity<Resource> page(Resource page) {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.maxAge(Duration.ZERO).mustRevalidate())
			.header("Content-Security-Policy", POLICY)
			.header("Referrer-Policy", "no-referrer")
			.body(page);
	}

}
