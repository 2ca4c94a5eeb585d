package app.leaderboard.http.security;

import java.util.function.Predicate;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with its character rules written as loops
 * instead of regular expressions. The firewall checks a parameter's name (and each
 * header) every time the application reads it, and its default rules run a regular
 * expression for each check: 29 of 341 samples (8.5 %) of a top-10 read's profile
 * (BENCHMARKS.md, row 'reads vs trivial'). The rules are the firewall's own: every
 * character of a parameter's or header's name assigned in Unicode and none of them a
 * control character; a header value the same, tabs allowed. Parameter values keep the
 * firewall's default (anything; the service checks its own parameters).
 */
final class RequestFirewall {

	/**
	 * Names of parameters and of headers (parameter values the firewall lets through).
	 */
	static final Predicate<String> ASSIGNED_AND_NOT_CONTROL = (text) -> allowed(text, false);

	/** Header values: the same, tabs allowed. */
	static final Predicate<String> HEADER_VALUE = (text) -> allowed(text, true);

	private RequestFirewall() {
	}

	static StrictHttpFirewall create() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedParameterNames(ASSIGNED_AND_NOT_CONTROL);
		firewall.setAllowedHeaderNames(ASSIGNED_AND_NOT_CONTROL);
		firewall.setAllowedHeaderValues(HEADER_VALUE);
		return firewall;
	}

	private static boolean allowed(String text, boolean tabs) {
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (!Character.isDefined(c) || (Character.isISOControl(c) && !(tabs && c == '\t'))) {
				return false;
			}
			i += Character.charCount(c);
		}
		return true;
	}

}
