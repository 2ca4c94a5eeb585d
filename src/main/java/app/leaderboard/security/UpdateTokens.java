package app.leaderboard.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;

import app.leaderboard.config.LeaderboardProperties;

/**
 * Decoders of update tokens: HS256 with {@code LEADERBOARD_JWT_SECRET}, RS256 and ES256
 * with the keys at {@code LEADERBOARD_JWT_JWKS_URL}, or both, chosen by the token's
 * {@code alg}. Nimbus accepts only the algorithms named here, so {@code alg: none} and an
 * RS256 token "signed" with the HMAC secret (algorithm confusion) are both rejected.
 */
final class UpdateTokens {

	/** The scope of a backend that writes for its users. */
	static final String WRITE_ANY = "leaderboard:write-any";

	/** Leeway for clocks that disagree a little between the auth system and us. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/**
	 * How long fetching the auth system's keys may take before the update answers 503.
	 */
	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);

	private UpdateTokens() {
	}

	/** The decoder for the configured modes, or null when updates need no token. */
	static JwtDecoder decoder(LeaderboardProperties properties, Clock clock) {
		JwtDecoder hmac = properties.jwtSecretBytes().map((secret) -> hmac(secret, clock)).orElse(null);
		JwtDecoder jwks = properties.jwksUri().map((uri) -> jwks(uri.toString(), clock)).orElse(null);
		if (hmac == null || jwks == null) {
			return (hmac != null) ? hmac : jwks;
		}
		return (token) -> (isHmac(token) ? hmac : jwks).decode(token);
	}

	private static JwtDecoder hmac(byte[] secret, Clock clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(validator(clock));
		return decoder;
	}

	private static JwtDecoder jwks(String uri, Clock clock) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(JWKS_TIMEOUT);
		requests.setReadTimeout(JWKS_TIMEOUT);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(uri)
			.jwsAlgorithms(
					(algorithms) -> algorithms.addAll(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256)))
			.restOperations(new RestTemplate(requests))
			.build();
		decoder.setJwtValidator(validator(clock));
		return decoder;
	}

	/**
	 * Expiry is required: a token without {@code exp} would be good forever once leaked.
	 */
	private static OAuth2TokenValidator<Jwt> validator(Clock clock) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		return new DelegatingOAuth2TokenValidator<>(List.of(timestamps));
	}

	private static boolean isHmac(String token) {
		try {
			Algorithm algorithm = JWTParser.parse(token).getHeader().getAlgorithm();
			return JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
		}
		catch (ParseException ex) {
			throw new BadJwtException("Malformed token", ex);
		}
	}

	/** The token's scopes: {@code scope} (space-separated or a list) or {@code scp}. */
	static boolean hasScope(Jwt jwt, String wanted) {
		for (String claim : List.of("scope", "scp")) {
			Object value = jwt.getClaims().get(claim);
			if (value instanceof String text && List.of(text.trim().split("\\s+")).contains(wanted)) {
				return true;
			}
			if (value instanceof Collection<?> list && list.contains(wanted)) {
				return true;
			}
		}
		return false;
	}

}
