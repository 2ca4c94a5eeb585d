import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a request's CPU goes, from a flight recording of the service under load (bench/run.sh
 * profile). A sample goes to the first of the specific categories (JSON, the drivers,
 * metrics, validation, the MVC steps) with a frame anywhere in its stack, so that JSON
 * written inside Spring's converters counts as JSON; a sample in none of them goes to the
 * wrapping layer (security filters, the service's code, the rest of Spring MVC, Tomcat) of
 * its frame nearest the leaf, since those layers wrap every request. It also prints how
 * much of a core each group of threads used (the JIT compiler's threads too, which
 * execution samples never show).
 *
 * <p>
 * Run: {@code java bench/java/ProfileSummary.java FILE.jfr ...} (JDK only).
 */
public class ProfileSummary {

	/** Category, and the frames (class.method prefixes) that put a sample in it. */
	private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

	/** The layers that wrap every request: matched from the leaf up, after the others. */
	private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

	static {
		CATEGORIES.put("JSON reading and writing", List.of("tools.jackson.", "com.fasterxml.jackson."));
		CATEGORIES.put("PostgreSQL driver and pool", List.of("org.postgresql.", "com.zaxxer.hikari."));
		CATEGORIES.put("Redis client (Lettuce, Netty)", List.of("io.lettuce.", "io.netty."));
		CATEGORIES.put("metrics and observations (Micrometer)",
				List.of("io.micrometer.", "org.LatencyUtils.", "org.HdrHistogram."));
		CATEGORIES.put("method and bean validation", List.of("org.hibernate.validator.",
				"org.springframework.web.method.annotation.HandlerMethodValidator",
				"org.springframework.validation."));
		CATEGORIES.put("handler lookup (request mappings)",
				List.of("org.springframework.web.servlet.handler.AbstractHandlerMethodMapping.lookupHandlerMethod",
						"org.springframework.web.servlet.handler.AbstractHandlerMapping.getHandler"));
		CATEGORIES.put("content negotiation and converters",
				List.of("org.springframework.web.servlet.mvc.method.annotation.AbstractMessageConverterMethodProcessor",
						"org.springframework.web.accept.", "org.springframework.http.converter."));
		CATEGORIES.put("argument binding",
				List.of("org.springframework.web.method.support.InvocableHandlerMethod.getMethodArgumentValues",
						"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.getDataBinderFactory"));
		LAYERS.put("Spring Security filters", List.of("org.springframework.security."));
		LAYERS.put("the service's own code", List.of("app.leaderboard."));
		LAYERS.put("Spring MVC, the rest", List.of("org.springframework.web.", "org.springframework.http."));
		LAYERS.put("Tomcat (HTTP parsing, sockets)", List.of("org.apache.coyote.", "org.apache.tomcat.",
				"org.apache.catalina.", "sun.nio.", "java.nio."));
	}

	public static void main(String[] args) throws Exception {
		for (String file : args) {
			summarise(Path.of(file));
		}
	}

	private static void summarise(Path file) throws Exception {
		Map<String, Integer> counts = new LinkedHashMap<>();
		CATEGORIES.keySet().forEach((category) -> counts.put(category, 0));
		LAYERS.keySet().forEach((layer) -> counts.put(layer, 0));
		counts.put("other (JDK, logging, ...)", 0);
		Map<String, double[]> threads = new TreeMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
				samples++;
				counts.merge(category(event.getStackTrace().getFrames()), 1, Integer::sum);
			}
			else if (type.equals("jdk.ThreadCPULoad") && event.getThread("eventThread") != null) {
				// each thread's mean share of the machine over its periods
				String name = event.getThread("eventThread").getJavaName();
				name = (name != null) ? name : event.getThread("eventThread").getOSName();
				double[] load = threads.computeIfAbsent(String.valueOf(name), (n) -> new double[2]);
				load[0] += event.getFloat("user") + event.getFloat("system");
				load[1]++;
			}
		}
		Map<String, Double> groups = new TreeMap<>();
		threads.forEach((name, load) -> groups.merge(name.replaceAll("([-#]?[0-9]+)+$", ""), load[0] / load[1],
				Double::sum));
		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf("%n%s: %d execution samples%n%n", file.getFileName(), samples);
		System.out.println("| where | share of samples |");
		System.out.println("| --- | ---: |");
		int total = samples;
		counts.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue() - a.getValue())
			.forEach((e) -> System.out.printf("| %s | %.0f %% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
		if (!groups.isEmpty()) {
			System.out.printf("%n| threads | cores used (of %d) |%n| --- | ---: |%n", cores);
			groups.entrySet()
				.stream()
				.sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
				.limit(8)
				.forEach((e) -> System.out.printf("| %s | %.2f |%n", e.getKey(), cores * e.getValue()));
		}
	}

	private static String category(List<RecordedFrame> frames) {
		for (Map.Entry<String, List<String>> category : CATEGORIES.entrySet()) {
			for (RecordedFrame frame : frames) {
				if (matches(frame, category.getValue())) {
					return category.getKey();
				}
			}
		}
		for (RecordedFrame frame : frames) {
			for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
				if (matches(frame, layer.getValue())) {
					return layer.getKey();
				}
			}
		}
		return "other (JDK, logging, ...)";
	}

	private static boolean matches(RecordedFrame frame, List<String> prefixes) {
		String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
		return prefixes.stream().anyMatch(name::startsWith);
	}

}
