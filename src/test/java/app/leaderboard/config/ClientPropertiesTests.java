package app.leaderboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** LEADERBOARD_TRUSTED_PROXIES and LEADERBOARD_EVENTS_PER_CLIENT, as bound at start. */
class ClientPropertiesTests {

	@Test
	void defaultsAreFourStreamsAndNoTrustedProxy() {
		ClientProperties properties = SettingsBinder.bind(Map.of(), ClientProperties.class);
		assertThat(properties.eventsPerClient()).isEqualTo(4);
		assertThat(properties.trustedProxyRanges()).isEmpty();
	}

	@Test
	void addressesAndRangesAreReadCommaSeparated() {
		ClientProperties properties = SettingsBinder.bind(Map.of("LEADERBOARD_TRUSTED_PROXIES",
				" 10.0.0.7, 192.168.0.0/16 ,fd00::/8,::1", "LEADERBOARD_EVENTS_PER_CLIENT", "9"),
				ClientProperties.class);
		assertThat(properties.eventsPerClient()).isEqualTo(9);
		assertThat(properties.trustedProxyRanges()).hasSize(4);
		assertThat(properties.trustedProxyRanges().get(1)).hasToString("192.168.0.0/16");
	}

	@Test
	void aBadValueStopsTheStartNamingItsVariable() {
		for (String bad : new String[] { "proxy.example.com", "10.0.0.0/33", "10.0.0", "256.1.1.1", "10.0.0.1/x",
				"::1/129", "*" }) {
			assertThat(StartupCheck.problem(Map.of("LEADERBOARD_TRUSTED_PROXIES", bad))).as(bad)
				.contains("LEADERBOARD_TRUSTED_PROXIES");
		}
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_EVENTS_PER_CLIENT", "0")))
			.contains("LEADERBOARD_EVENTS_PER_CLIENT");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_EVENTS_PER_CLIENT", "many")))
			.contains("LEADERBOARD_EVENTS_PER_CLIENT");
		assertThat(StartupCheck.problem(
				Map.of("LEADERBOARD_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8", "LEADERBOARD_EVENTS_PER_CLIENT", "2")))
			.isNull();
	}

	@Test
	void rangesContainTheirAddressesOnly() throws Exception {
		AddressRange tens = AddressRange.parse("10.1.2.3/8").orElseThrow();
		assertThat(tens.contains(InetAddress.getByName("10.200.0.1"))).isTrue();
		assertThat(tens.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
		assertThat(tens.contains(InetAddress.getByName("::1"))).isFalse();
		AddressRange one = AddressRange.parse("127.0.0.1").orElseThrow();
		assertThat(one.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(one.contains(InetAddress.getByName("127.0.0.2"))).isFalse();
		AddressRange local = AddressRange.parse("fd00::/8").orElseThrow();
		assertThat(local.contains(InetAddress.getByName("fd12::5"))).isTrue();
		assertThat(local.contains(InetAddress.getByName("fe80::1"))).isFalse();
		// an IPv4-mapped IPv6 address is the IPv4 address
		assertThat(one.contains(AddressRange.address("::ffff:127.0.0.1").orElseThrow())).isTrue();
		assertThat(AddressRange.address("localhost")).isEmpty();
	}

}
