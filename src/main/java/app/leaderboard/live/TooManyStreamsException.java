package app.leaderboard.live;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The instance already serves as many event streams as it may: 503, try later. */
class TooManyStreamsException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	TooManyStreamsException(int max) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(max), null);
		getHeaders().set("Retry-After", "10");
	}

	private static ProblemDetail problem(int max) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"This instance already serves " + max + " event streams; try again shortly.");
		problem.setTitle("Too many event streams");
		return problem;
	}

}
