package app.leaderboard.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One address or CIDR range ({@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code ::1},
 * {@code fd00::/8}), as {@code LEADERBOARD_TRUSTED_PROXIES} lists them. Only literal
 * addresses are read: a host name is refused, never looked up.
 *
 * @param network the range's first address (host bits cleared)
 * @param prefix the number of leading bits that must match
 */
public record AddressRange(byte[] network, int prefix) {

	private static final Pattern IPV4 = Pattern.compile(
			"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");

	private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

	public AddressRange {
		network = network.clone();
		for (int bit = prefix; bit < network.length * 8; bit++) {
			network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
	}

	/** The range a setting names, or empty when it is not an address or CIDR range. */
	public static Optional<AddressRange> parse(String value) {
		String text = value.trim();
		int slash = text.indexOf('/');
		Optional<InetAddress> address = address((slash < 0) ? text : text.substring(0, slash));
		if (address.isEmpty()) {
			return Optional.empty();
		}
		byte[] bytes = address.get().getAddress();
		int prefix = bytes.length * 8;
		if (slash >= 0) {
			String bits = text.substring(slash + 1);
			if (!bits.matches("^[0-9]{1,3}$") || Integer.parseInt(bits) > bytes.length * 8) {
				return Optional.empty();
			}
			prefix = Integer.parseInt(bits);
		}
		return Optional.of(new AddressRange(bytes, prefix));
	}

	/**
	 * A literal IPv4 or IPv6 address ({@code ::ffff:10.0.0.1} is read as IPv4), or empty
	 * for anything else; nothing is ever looked up in DNS.
	 */
	public static Optional<InetAddress> address(@Nullable String value) {
		if (value == null) {
			return Optional.empty();
		}
		String text = value.trim();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
			return Optional.empty();
		}
		try {
			// a literal: InetAddress parses it without a lookup
			return Optional.of(InetAddress.getByName(text));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		for (int bit = 0; bit < this.prefix; bit++) {
			int mask = 0x80 >>> (bit % 8);
			if ((bytes[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AddressRange range && range.prefix == this.prefix
				&& Arrays.equals(range.network, this.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefix;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(this.network).getHostAddress() + "/" + this.prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
