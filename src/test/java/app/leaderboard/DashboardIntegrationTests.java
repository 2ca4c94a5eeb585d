package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.support.IntegrationTestBase;

/**
 * Every query of the Grafana dashboard ({@code ops/grafana/leaderboard.json}) names only
 * metrics that {@code /actuator/prometheus} exposes, as the alert rules do
 * ({@link AlertRulesIntegrationTests}); every panel reads the data source the dashboard
 * asks for as a variable.
 */
class DashboardIntegrationTests extends IntegrationTestBase {

	static final Path DASHBOARD = Path.of("ops/grafana/leaderboard.json");

	/** {@code label_values(metric, label)}: only its first argument is a metric. */
	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]*)(,[^)]*)?\\)");

	/** Grafana's variables ($instance, ${datasource}, $__rate_interval). */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?");

	private static JsonNode dashboard() throws IOException {
		return JsonMapper.builder().build().readTree(DASHBOARD.toFile());
	}

	/** Every PromQL expression of the dashboard, by where it is. */
	static Map<String, String> queries(JsonNode dashboard) {
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				queries.put(panel.path("title").asString() + " " + target.path("refId").asString(),
						target.path("expr").asString());
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("type").asString().equals("query")) {
				JsonNode query = variable.path("query");
				queries.put("variable " + variable.path("name").asString(),
						query.isObject() ? query.path("query").asString() : query.asString());
			}
		}
		return queries;
	}

	/** The panels, those inside collapsed rows included. */
	static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	static Set<String> metricNames(String query) {
		Matcher labelValues = LABEL_VALUES.matcher(query);
		String expr = labelValues.find() ? labelValues.group(1) : query;
		return AlertRulesIntegrationTests.metricNames(VARIABLE.matcher(expr).replaceAll(" "));
	}

	@Test
	void theNameExtractionKnowsGrafanasVariables() {
		assertThat(metricNames("label_values(leaderboard_redis_up, instance)")).containsExactly("leaderboard_redis_up");
		assertThat(metricNames("sum by (uri) (rate(http_server_requests_seconds_count{instance=~\"$instance\"}"
				+ "[$__rate_interval])) / ${scale}"))
			.containsExactly("http_server_requests_seconds_count");
	}

	@Test
	void everyQueryNamesOnlyExposedMetrics() throws IOException {
		this.api.update("alice", 1);
		this.api.get("/api/redis-leaderboard/daily");
		String scrape = this.api.get("/actuator/prometheus").text();
		Map<String, String> queries = queries(dashboard());
		assertThat(queries).hasSizeGreaterThan(20);
		Set<String> all = new LinkedHashSet<>();
		queries.forEach((where, query) -> {
			Set<String> metrics = metricNames(query);
			assertThat(metrics).as(where).isNotEmpty();
			for (String metric : metrics) {
				assertThat(scrape.lines()
					.anyMatch((line) -> line.startsWith(metric + "{") || line.startsWith(metric + " ")))
					.as(where + " uses " + metric + ", which /actuator/prometheus does not expose")
					.isTrue();
			}
			all.addAll(metrics);
		});
		// traffic, latency, errors, Redis and PostgreSQL health, drift, outbox age,
		// fallback
		assertThat(all).contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
				"leaderboard_redis_up", "leaderboard_postgres_up", "leaderboard_cache_drift",
				"leaderboard_outbox_oldest_age_seconds", "leaderboard_reads_fallback_total");
	}

	@Test
	void everyPanelReadsTheChosenDataSource() throws IOException {
		JsonNode dashboard = dashboard();
		JsonNode datasource = null;
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("type").asString().equals("datasource")) {
				datasource = variable;
			}
		}
		assertThat(datasource).isNotNull();
		assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
		String uid = "${" + datasource.path("name").asString() + "}";
		for (JsonNode panel : panels(dashboard)) {
			if (panel.has("targets")) {
				assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
					.isEqualTo(uid);
				for (JsonNode target : panel.path("targets")) {
					assertThat(target.path("datasource").path("uid").asString()).isEqualTo(uid);
				}
			}
		}
	}

}
