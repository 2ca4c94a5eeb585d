package app.leaderboard.http.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

import app.leaderboard.config.AddressRange;
import app.leaderboard.config.ClientProperties;

/**
 * Who a request comes from, for limits that hold per client (docs/api.md, "Streams per
 * client"): the {@code sub} of the valid token it carries, otherwise its address. The
 * address is the connection's peer, unless that peer is one of
 * {@code LEADERBOARD_TRUSTED_PROXIES}: then {@code X-Forwarded-For} is read from the
 * right (the hop nearest to this service) and the first address that is not a trusted
 * proxy is the client. Addresses further left were written by whoever sent the request
 * and are not believed past that point.
 */
@Component
public class ClientIdentity {

	private final List<AddressRange> proxies;

	public ClientIdentity(ClientProperties properties) {
		this.proxies = properties.trustedProxyRanges();
	}

	/** {@code sub:alice} for a token's subject, {@code addr:10.0.0.7} for an address. */
	public String of(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && token.getToken().getSubject() != null) {
			return "sub:" + token.getToken().getSubject();
		}
		return "addr:" + address(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
	}

	/**
	 * The client's address, given the connection's peer and the {@code X-Forwarded-For}
	 * headers in the order received.
	 */
	String address(String peer, List<String> forwardedFor) {
		Optional<InetAddress> hop = AddressRange.address(peer);
		if (hop.isEmpty()) {
			return peer;
		}
		List<String> chain = new ArrayList<>();
		forwardedFor.forEach((header) -> chain.addAll(List.of(header.split(","))));
		InetAddress client = hop.get();
		for (int i = chain.size() - 1; i >= 0 && trusted(client); i--) {
			Optional<InetAddress> next = AddressRange.address(chain.get(i));
			if (next.isEmpty()) {
				// not an address: the proxy's own view is the best there is
				break;
			}
			client = next.get();
		}
		return client.getHostAddress();
	}

	private boolean trusted(InetAddress address) {
		return this.proxies.stream().anyMatch((range) -> range.contains(address));
	}

}
