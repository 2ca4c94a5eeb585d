package app.leaderboard.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.leaderboard.config.ClientProperties;
import app.leaderboard.config.SettingsBinder;

/**
 * The address of a client: the peer's, unless the peer is a trusted proxy; then the
 * nearest address of X-Forwarded-For that is not a trusted proxy.
 */
class ClientIdentityTests {

	private final ClientIdentity none = identity("");

	private final ClientIdentity proxies = identity("10.0.0.1, 10.1.0.0/16");

	@Test
	void withoutTrustedProxiesTheHeaderIsIgnored() {
		assertThat(this.none.address("10.0.0.1", List.of("203.0.113.5"))).isEqualTo("10.0.0.1");
		assertThat(this.none.address("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
	}

	@Test
	void fromATrustedProxyTheNearestUntrustedAddressIsTheClient() {
		assertThat(this.proxies.address("10.0.0.1", List.of("203.0.113.5"))).isEqualTo("203.0.113.5");
		// a client that writes its own header cannot pick its identity: the proxy
		// appended the real address last
		assertThat(this.proxies.address("10.0.0.1", List.of("198.51.100.1, 203.0.113.5"))).isEqualTo("203.0.113.5");
		// two proxies in a row, and the header split over two lines
		assertThat(this.proxies.address("10.0.0.1", List.of("203.0.113.5, 10.1.4.4", "10.0.0.1")))
			.isEqualTo("203.0.113.5");
		assertThat(this.proxies.address("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
	}

	@Test
	void aPeerThatIsNoTrustedProxyIsTheClientWhateverItsHeaderSays() {
		assertThat(this.proxies.address("10.2.0.1", List.of("203.0.113.5"))).isEqualTo("10.2.0.1");
	}

	@Test
	void garbageInTheHeaderStopsTheWalk() {
		assertThat(this.proxies.address("10.0.0.1", List.of("' or 1=1 --, 300.1.1.1"))).isEqualTo("10.0.0.1");
		assertThat(this.proxies.address("10.0.0.1", List.of("evil.example.com, 10.1.0.9"))).isEqualTo("10.1.0.9");
	}

	private static ClientIdentity identity(String proxies) {
		return new ClientIdentity(
				SettingsBinder.bind(Map.of("LEADERBOARD_TRUSTED_PROXIES", proxies), ClientProperties.class));
	}

}
