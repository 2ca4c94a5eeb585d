package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import app.leaderboard.support.IntegrationTestBase;

/**
 * Every metric that a rule of {@code ops/prometheus/alerts.yml} names is in
 * {@code /actuator/prometheus}, every rule has a summary and a runbook that points at a
 * section of docs/operations.md.
 */
class AlertRulesIntegrationTests extends IntegrationTestBase {

	/** Words of PromQL that look like metric names but are not. */
	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"and", "or", "unless", "bool", "offset", "inf", "nan");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	/** The page that holds the runbooks, relative to the project. */
	private static final String RUNBOOKS = "docs/operations.md";

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		Map<String, Object> file = new Yaml().load(Files.readString(Path.of("ops/prometheus/alerts.yml")));
		return ((List<Map<String, Object>>) file.get("groups")).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.toList();
	}

	/**
	 * The metric names in a PromQL expression: what is left once strings, label matchers,
	 * ranges, grouping label lists, function calls and keywords are taken out.
	 */
	static Set<String> metricNames(String expr) {
		String rest = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
			.replaceAll("(?i)\\boffset\\s+-?[0-9a-z]+", " ")
			.replaceAll("'(\\\\.|[^'\\\\])*'", " ")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b", " ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(rest);
		while (matcher.find()) {
			String word = matcher.group();
			boolean call = rest.substring(matcher.end()).stripLeading().startsWith("(");
			if (!call && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
				names.add(word);
			}
		}
		return names;
	}

	@Test
	void theNameExtractionSeesMetricsOnly() {
		assertThat(metricNames("histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket"
				+ "{uri=~\"/api/.*\", method='GET'}[5m] offset 1m))) > 0.05 and on (instance) up == 1"))
			.containsExactly("http_server_requests_seconds_bucket", "up");
		assertThat(metricNames("a_total / ignoring(x) group_left b_bytes > 1e3 unless c")).containsExactly("a_total",
				"b_bytes", "c");
	}

	@Test
	void everyRuleNamesOnlyExposedMetricsAndHasASummaryAndARunbook() throws IOException {
		this.api.update("alice", 1);
		this.api.get("/api/redis-leaderboard/daily");
		String scrape = this.api.get("/actuator/prometheus").text();
		String runbooks = Files.readString(Path.of(RUNBOOKS));
		List<Map<String, Object>> rules = rules();
		assertThat(rules).extracting((rule) -> rule.get("alert"))
			.contains("LeaderboardRedisDown", "LeaderboardPostgresDown", "LeaderboardCacheDrift",
					"LeaderboardOutboxBehind", "LeaderboardFallbackReads", "LeaderboardErrorRate",
					"LeaderboardRedisMemoryNearLimit", "LeaderboardSlowReads", "LeaderboardReplicaLeftOut");
		Set<String> all = new LinkedHashSet<>();
		for (Map<String, Object> rule : rules) {
			String name = (String) rule.get("alert");
			Set<String> metrics = metricNames((String) rule.get("expr"));
			assertThat(metrics).as(name).isNotEmpty();
			for (String metric : metrics) {
				assertThat(scrape.lines()
					.anyMatch((line) -> line.startsWith(metric + "{") || line.startsWith(metric + " ")))
					.as(name + " uses " + metric + ", which /actuator/prometheus does not expose")
					.isTrue();
			}
			all.addAll(metrics);
			@SuppressWarnings("unchecked")
			Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
			assertThat(annotations.get("summary")).as(name).isNotBlank();
			String runbook = annotations.get("runbook");
			assertThat(runbook).as(name).startsWith(RUNBOOKS + "#");
			assertThat(anchors(runbooks)).as(name + " runbook").contains(runbook.substring(RUNBOOKS.length() + 1));
		}
		assertThat(all).contains("leaderboard_redis_up", "leaderboard_postgres_up", "leaderboard_cache_drift",
				"leaderboard_outbox_oldest_age_seconds", "leaderboard_reads_fallback_total",
				"http_server_requests_seconds_count", "leaderboard_redis_memory_used_bytes",
				"leaderboard_redis_memory_max_bytes", "http_server_requests_seconds_bucket",
				"leaderboard_replica_configured", "leaderboard_replica_in_use");
	}

	/** GitHub's anchors of a markdown page's headings. */
	private static Set<String> anchors(String page) {
		Set<String> anchors = new LinkedHashSet<>();
		page.lines()
			.filter((line) -> line.startsWith("#"))
			.map((line) -> line.replaceFirst("^#+\\s*", "")
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^a-z0-9 _-]", "")
				.replace(' ', '-'))
			.forEach(anchors::add);
		return anchors;
	}

}
