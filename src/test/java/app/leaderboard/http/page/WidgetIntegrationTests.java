package app.leaderboard.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * {@code GET /widget.js} as a browser and a shared cache see it: a JavaScript module that
 * is public, revalidated by its ETag, loadable from any origin while the API itself
 * answers no other origin (this context configures none), and made only of code that
 * writes text into the page and fetches from nowhere but the service. What it does in a
 * browser is {@link WidgetBrowserIntegrationTests}.
 */
class WidgetIntegrationTests extends IntegrationTestBase {

	@Test
	void theScriptIsAPublicModuleWithAnETagAndACacheLifetime() {
		Response script = this.api.get("/widget.js");

		assertThat(script.status()).isEqualTo(200);
		assertThat(script.contentType()).isEqualTo("text/javascript;charset=UTF-8");
		assertThat(script.header("ETag").orElseThrow()).matches("\"[0-9a-f]{32}\"");
		assertThat(script.header("Cache-Control")).hasValue("max-age=300, public");
		assertThat(script.header("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(script.text()).contains("customElements.define('leaderboard-board'",
				"customElements.define('leaderboard-user'");

		Response again = this.api.get("/widget.js", "If-None-Match", script.header("ETag").orElseThrow());
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.text()).isEmpty();
		assertThat(this.api.get("/widget.js", "If-None-Match", "\"an-older-script\"").status()).isEqualTo(200);
		assertThat(this.api.method("HEAD", "/widget.js", null, null).header("ETag")).isEqualTo(script.header("ETag"));
	}

	@Test
	void anyOriginMayLoadTheScriptButTheApiStillAnswersNoOtherOrigin() {
		Response script = this.api.get("/widget.js", "Origin", "https://pages.example.org");
		Response read = this.api.get("/api/redis-leaderboard/daily", "Origin", "https://pages.example.org");

		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(script.header("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(read.header("Access-Control-Allow-Origin")).isEmpty();
	}

	/**
	 * Guards the promises docs/clients.md makes: values from the service only ever become
	 * text, no inline style is set, and nothing but the service is fetched.
	 */
	@Test
	void theScriptWritesNoMarkupSetsNoInlineStyleAndNamesNoOtherHost() {
		List<String> code = Arrays.stream(this.api.get("/widget.js").text().split("\n"))
			.filter((line) -> !line.trim().startsWith("//") && !line.trim().startsWith("*"))
			.toList();

		Pattern markup = Pattern
			.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|new Function");
		assertThat(code).noneMatch((line) -> markup.matcher(line).find());
		assertThat(code).noneMatch(
				(line) -> line.contains(".style.") || line.contains("'style'") || line.contains("setAttribute('style"));
		assertThat(code).noneMatch((line) -> line.contains("http://") || line.contains("https://")
				|| line.contains("import(") || line.matches("\\s*import .*"));
	}

}
