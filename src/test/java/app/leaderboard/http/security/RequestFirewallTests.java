package app.leaderboard.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's rules without regular expressions decide exactly as Spring Security's
 * own (which are public), on names and values a client could send.
 */
class RequestFirewallTests {

	private static final List<String> SAMPLES = List.of("", "limit", "offset", "org", "a b", "é", "日本",
			"\uD83C\uDF45 tomato", "tab\there", "nul\u0000", "bell\u0007", "del\u007F", "c1\u0085", "line\nfeed",
			"cr\r", "unassigned\u0378", "private\uE000", "lone\uD800surrogate", "lone\uDC00", "\uFFFF", "zero\u200B",
			"bom\uFEFF", "%00", "a;b=c", "../etc", "x".repeat(300));

	@Test
	void parameterNamesAndHeaderNamesFollowSpringsRule() {
		for (String sample : SAMPLES) {
			assertThat(RequestFirewall.ASSIGNED_AND_NOT_CONTROL.test(sample)).as("'%s'", sample)
				.isEqualTo(StrictHttpFirewall.ALLOWED_PARAMETER_NAMES.test(sample))
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(sample));
		}
	}

	@Test
	void headerValuesFollowSpringsRuleWhichAllowsTabs() {
		for (String sample : SAMPLES) {
			assertThat(RequestFirewall.HEADER_VALUE.test(sample)).as("'%s'", sample)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(sample));
		}
		assertThat(RequestFirewall.HEADER_VALUE.test("tab\there")).isTrue();
		assertThat(RequestFirewall.ASSIGNED_AND_NOT_CONTROL.test("tab\there")).isFalse();
	}

}
