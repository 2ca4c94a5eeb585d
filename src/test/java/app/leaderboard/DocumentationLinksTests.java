package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README and the pages under docs/ hold together: every relative link or image leads
 * to a file of the repository, a {@code #fragment} into a markdown page names one of its
 * headings, and the README stays a front door (short, with the two commands on its first
 * screen). No Spring context: it reads files only.
 */
class DocumentationLinksTests {

	private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

	private static final Path README = ROOT.resolve("README.md");

	private static final Path DOCS = ROOT.resolve("docs");

	private static final int README_MAX_LINES = 200;

	private static final int FIRST_SCREEN_LINES = 30;

	/** An inline link or image: the target of {@code [text](target "title")}. */
	private static final Pattern INLINE = Pattern
		.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");

	/** A reference definition: {@code [name]: target}. */
	private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?.*$");

	private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

	private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

	private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

	@Test
	void everyRelativeLinkLeadsToAFileAndHeading() throws IOException {
		List<Path> pages = pages();
		assertThat(pages).contains(README);
		List<String> broken = new ArrayList<>();
		for (Path page : pages) {
			for (Link link : links(page)) {
				String problem = problem(page, link.target());
				if (problem != null) {
					broken.add(ROOT.relativize(page) + ":" + link.line() + ": (" + link.target() + ") " + problem);
				}
			}
		}
		assertThat(broken).as("broken links in the README and docs/:%n  %s", String.join("\n  ", broken)).isEmpty();
	}

	@Test
	void theReadmeIsShortAndStartsWithTheTwoCommands() throws IOException {
		List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
		assertThat(lines.size()).as("lines in README.md").isLessThanOrEqualTo(README_MAX_LINES);
		String firstScreen = String.join("\n", lines.subList(0, Math.min(FIRST_SCREEN_LINES, lines.size())));
		assertThat(firstScreen).as("the first %d lines of README.md", FIRST_SCREEN_LINES)
			.contains("./mvnw spring-boot:run")
			.contains("./mvnw verify");
	}

	@Test
	void slugsAreGitHubs() {
		assertThat(slug("Runbook: PostgreSQL down")).isEqualTo("runbook-postgresql-down");
		assertThat(slug("Live boards: `GET /{period}/events`")).isEqualTo("live-boards-get-periodevents");
		assertThat(slug("Phase 1: run the new service")).isEqualTo("phase-1-run-the-new-service");
		assertThat(slug("Hiding and erasing users (admin token)")).isEqualTo("hiding-and-erasing-users-admin-token");
	}

	/** README.md and every markdown page under docs/. */
	private static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>();
		pages.add(README);
		if (Files.isDirectory(DOCS)) {
			try (Stream<Path> files = Files.walk(DOCS)) {
				files.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
			}
		}
		return pages;
	}

	/**
	 * What is wrong with a link of {@code page}, or {@code null} when it is fine or not
	 * relative (a web or mail address, or an anchor in the same page).
	 */
	private static String problem(Path page, String target) {
		String lower = target.toLowerCase(Locale.ROOT);
		if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("mailto:")
				|| target.startsWith("#")) {
			return null;
		}
		int hash = target.indexOf('#');
		String file = (hash >= 0) ? target.substring(0, hash) : target;
		String fragment = (hash >= 0) ? target.substring(hash + 1) : null;
		int query = file.indexOf('?');
		if (query >= 0) {
			file = file.substring(0, query);
		}
		Path resolved = page.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
		if (!resolved.startsWith(ROOT)) {
			return "leads outside the repository";
		}
		if (!Files.exists(resolved)) {
			return "no such file: " + ROOT.relativize(resolved);
		}
		if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")) {
			Set<String> anchors = anchors(resolved);
			String wanted = URLDecoder.decode(fragment, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
			if (!anchors.contains(wanted)) {
				return "no heading with the slug '" + wanted + "' in " + ROOT.relativize(resolved);
			}
		}
		return null;
	}

	/** The link targets of a page, outside code blocks and code spans. */
	private static List<Link> links(Path page) {
		List<Link> links = new ArrayList<>();
		int number = 0;
		for (String line : prose(page)) {
			number++;
			if (line == null) {
				continue;
			}
			Matcher reference = REFERENCE.matcher(line);
			if (reference.matches()) {
				links.add(new Link(number, reference.group(1)));
				continue;
			}
			Matcher inline = INLINE.matcher(line);
			while (inline.find()) {
				links.add(new Link(number, inline.group(1)));
			}
		}
		return links;
	}

	/**
	 * The lines of a page with code spans taken out; {@code null} for the lines of a
	 * fenced code block, so that line numbers stay right.
	 */
	private static List<String> prose(Path page) {
		List<String> lines = new ArrayList<>();
		boolean fenced = false;
		for (String line : read(page)) {
			if (FENCE.matcher(line).find()) {
				fenced = !fenced;
				lines.add(null);
			}
			else {
				lines.add(fenced ? null : INLINE_CODE.matcher(line).replaceAll(""));
			}
		}
		return lines;
	}

	/** GitHub's anchors of a page's headings, a repeated one numbered as GitHub does. */
	private static Set<String> anchors(Path page) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean fenced = false;
		for (String line : read(page)) {
			if (FENCE.matcher(line).find()) {
				fenced = !fenced;
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (!fenced && heading.matches()) {
				String slug = slug(heading.group(1));
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
		}
		return anchors;
	}

	/**
	 * A heading's GitHub slug: lower case, punctuation other than hyphens (and
	 * underscores, which GitHub keeps) removed, each space a hyphen.
	 */
	static String slug(String heading) {
		String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	private static List<String> read(Path page) {
		try {
			return Files.readAllLines(page, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Link(int line, String target) {
	}

}
