package app.leaderboard.web;

import org.springframework.http.HttpStatus;

/** A missing (401) or wrong (403) credential. */
public class AuthenticationFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	public AuthenticationFailedException(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}
