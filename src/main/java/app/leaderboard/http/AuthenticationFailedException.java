package app.leaderboard.http;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A missing (401) or wrong (403) credential; the answer asks for a bearer token. */
public class AuthenticationFailedException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	public AuthenticationFailedException(HttpStatus status, String detail) {
		super(status, Problems.of(status, (status == HttpStatus.UNAUTHORIZED) ? "Unauthorized" : "Forbidden", detail),
				null);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
