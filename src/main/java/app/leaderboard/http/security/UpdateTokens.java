package app.leaderboard.http.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
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

	/** The scope of a backend that reads every organisation's boards. */
	static final String READ_ANY = "leaderboard:read-any";

	/** Leeway for clocks that disagree a little between the auth system and us. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/**
	 * How long fetching the auth system's keys may take before the update answers 503.
	 */
	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);

	private UpdateTokens() {
	}

	/**
	 * The decoder for the configured modes, or null when updates need no token. With
	 * {@code LEADERBOARD_JWT_ISSUER} or {@code LEADERBOARD_JWT_AUDIENCE} set, tokens must
	 * carry that {@code iss} or hold that {@code aud}.
	 */
	static @Nullable JwtDecoder decoder(LeaderboardProperties properties, Clock clock) {
		OAuth2TokenValidator<Jwt> validator = validator(clock, properties.jwtIssuer(), properties.jwtAudience());
		JwtDecoder hmac = properties.jwtSecretBytes().map((secret) -> hmac(secret, validator)).orElse(null);
		JwtDecoder jwks = properties.jwksUri().map((uri) -> jwks(uri.toString(), validator)).orElse(null);
		if (hmac == null || jwks == null) {
			return (hmac != null) ? hmac : jwks;
		}
		return (token) -> (isHmac(token) ? hmac : jwks).decode(token);
	}

	private static JwtDecoder hmac(byte[] secret, OAuth2TokenValidator<Jwt> validator) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(validator);
		return decoder;
	}

	private static JwtDecoder jwks(String uri, OAuth2TokenValidator<Jwt> validator) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(JWKS_TIMEOUT);
		requests.setReadTimeout(JWKS_TIMEOUT);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(uri)
			.jwsAlgorithms(
					(algorithms) -> algorithms.addAll(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256)))
			.restOperations(new RestTemplate(requests))
			.build();
		decoder.setJwtValidator(validator);
		return decoder;
	}

	/**
	 * Expiry is required: a token without {@code exp} would be good forever once leaked.
	 */
	private static OAuth2TokenValidator<Jwt> validator(Clock clock, @Nullable String issuer,
			@Nullable String audience) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps));
		// what JwtValidators.createDefaultWithIssuer adds, with our clock for the
		// timestamps (the service's time is the injected Clock)
		if (issuer != null) {
			validators.add(new JwtIssuerValidator(issuer));
		}
		if (audience != null) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.contains(audience)));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
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
