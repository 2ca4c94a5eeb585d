package app.leaderboard.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import app.leaderboard.support.IntegrationTestBase;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TypeScript client in {@code clients/typescript} (docs/clients.md), installed from
 * its lock file and tested by npm against this service: its generated types equal what
 * openapi-typescript makes of this service's {@code /v3/api-docs} (so of this build's
 * document, whatever order the tests run in), and it updates, reads a board and a rank,
 * follows both feeds and turns a 400 and a 404 into typed problems. Node.js with npm is
 * required, as for the OpenAPI lint: without it this test fails.
 */
class TypeScriptClientIntegrationTests extends IntegrationTestBase {

	static final Path CLIENT = Path.of("clients", "typescript");

	private static final Path LOGS = Path.of("target", "typescript-client");

	@Test
	void theClientsTestsPassAgainstTheService() throws Exception {
		Files.createDirectories(LOGS);
		Files.writeString(LOGS.resolve("openapi.json"), this.api.get("/v3/api-docs").text());
		npm("ci", Duration.ofMinutes(5), "ci", "--prefer-offline", "--no-audit", "--no-fund");
		String output = npm("test", Duration.ofMinutes(3), "test");
		// every test ran: none was skipped for want of the service
		assertThat(output).as("npm test's summary")
			.contains("# fail 0")
			.contains("# skipped 0")
			.containsPattern("# pass [1-9]")
			.containsPattern("ok \\d+ - the personal feed sends the standing, then who passed");
	}

	@Test
	void theClientsVersionIsTheServices() throws Exception {
		Element project = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getDocumentElement();
		String service = null;
		for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals("version")) {
				service = element.getTextContent().strip();
			}
		}
		String client = JsonMapper.builder()
			.build()
			.readTree(CLIENT.resolve("package.json").toFile())
			.path("version")
			.asString();
		assertThat(client).as("clients/typescript/package.json's version").isEqualTo(service);
	}

	/**
	 * Runs npm in the client's folder with the service's address, its output kept in
	 * {@code target/typescript-client/<name>.log}; fails with that output unless npm
	 * exits with 0.
	 */
	private String npm(String name, Duration timeout, String... arguments) throws IOException, InterruptedException {
		Files.createDirectories(LOGS);
		Path log = LOGS.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command(arguments)).directory(CLIENT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("LEADERBOARD_URL", "http://127.0.0.1:" + this.port);
		environment.put("NO_COLOR", "1");
		environment.put("npm_config_update_notifier", "false");
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new AssertionError("The TypeScript client's tests need Node.js 20+ with npm on the PATH "
					+ "(docs/clients.md): " + ex.getMessage(), ex);
		}
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor();
			throw new AssertionError("npm " + String.join(" ", arguments) + " took more than " + timeout + ":\n"
					+ Files.readString(log, StandardCharsets.UTF_8));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue())
			.as("npm %s exited with %d:%n%s", String.join(" ", arguments), process.exitValue(), output)
			.isZero();
		return output;
	}

	private static List<String> command(String... arguments) {
		return Stream.concat(Stream.of("npm"), Stream.of(arguments)).toList();
	}

}
