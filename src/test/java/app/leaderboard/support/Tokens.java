package app.leaderboard.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Makes JWTs the way an auth system would, and a few the way an attacker would. */
public final class Tokens {

	/** The HS256 secret of the secured test context (32 bytes and more). */
	public static final String SECRET = "test-secret-for-hs256-tokens-0123456789";

	private Tokens() {
	}

	public static JWTClaimsSet claims(String subject, Instant expires, String scope) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject);
		if (expires != null) {
			claims.issueTime(Date.from(expires.minusSeconds(600))).expirationTime(Date.from(expires));
		}
		if (scope != null) {
			claims.claim("scope", scope);
		}
		return claims.build();
	}

	public static String hs256(String secret, JWTClaimsSet claims) {
		try {
			return sign(JWSAlgorithm.HS256, null, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String hs256(JWTClaimsSet claims) {
		return hs256(SECRET, claims);
	}

	public static String rs256(RSAKey key, JWTClaimsSet claims) {
		try {
			return sign(JWSAlgorithm.RS256, key.getKeyID(), new RSASSASigner(key), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String es256(ECKey key, JWTClaimsSet claims) {
		try {
			return sign(JWSAlgorithm.ES256, key.getKeyID(), new ECDSASigner(key), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code alg: none}: no signature at all. */
	public static String unsigned(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

	private static String sign(JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims)
			throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(),
				claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

}
