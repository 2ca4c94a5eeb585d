package app.leaderboard.web;

import java.sql.SQLException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import app.leaderboard.board.ReadsUnavailableException;
import app.leaderboard.ratelimit.RateLimitExceededException;
import app.leaderboard.board.UnknownUserException;
import app.leaderboard.redis.RedisUnavailableException;
import app.leaderboard.score.IdempotencyKeyReusedException;
import app.leaderboard.score.TotalLimitExceededException;

/**
 * Every error as RFC 9457 problem+json: the service's own (below) and the framework's
 * (405, 415, unreadable body, unknown path; from {@link ResponseEntityExceptionHandler}).
 * Details never carry SQL, Redis replies or stack traces; those go to the log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<ProblemDetail> invalid(InvalidRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
	}

	/** Tomcat 11 throws this for a query string it cannot parse ({@code ?a=b&&&=}). */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The query string is malformed.");
	}

	@ExceptionHandler(UnknownUserException.class)
	ResponseEntity<ProblemDetail> unknownUser(UnknownUserException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown user", ex.getMessage());
	}

	@ExceptionHandler(IdempotencyKeyReusedException.class)
	ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException ex) {
		return problem(HttpStatus.CONFLICT, "Idempotency key reused", ex.getMessage());
	}

	@ExceptionHandler(TotalLimitExceededException.class)
	ResponseEntity<ProblemDetail> totalLimit(TotalLimitExceededException ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Total limit reached", ex.getMessage());
	}

	@ExceptionHandler(AuthenticationFailedException.class)
	ResponseEntity<ProblemDetail> authentication(AuthenticationFailedException ex) {
		ResponseEntity<ProblemDetail> response = problem(ex.status(),
				(ex.status() == HttpStatus.UNAUTHORIZED) ? "Unauthorized" : "Forbidden", ex.getMessage());
		return ResponseEntity.status(ex.status())
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(response.getBody());
	}

	@ExceptionHandler(RateLimitExceededException.class)
	ResponseEntity<ProblemDetail> rateLimited(RateLimitExceededException ex) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.TOO_MANY_REQUESTS, "Too many updates",
				ex.getMessage());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(response.getBody());
	}

	@ExceptionHandler(ReadsUnavailableException.class)
	ResponseEntity<ProblemDetail> readsDown(ReadsUnavailableException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Cache unavailable", ex.getMessage());
	}

	@ExceptionHandler(RedisUnavailableException.class)
	ResponseEntity<ProblemDetail> redisDown(RedisUnavailableException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Cache unavailable", "Redis is unavailable; try again shortly.");
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseDown(RuntimeException ex) {
		if (ex instanceof org.springframework.dao.DataIntegrityViolationException
				|| ex instanceof org.springframework.jdbc.BadSqlGrammarException) {
			return unexpected(ex);
		}
		log.warn("PostgreSQL is unavailable: {}", describe(ex));
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
				"PostgreSQL is unavailable; nothing was changed. Try again shortly.");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The request failed unexpectedly; it has been logged.");
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return ResponseEntity.status(status)
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(body);
	}

	/** The exception's kind and SQL state, never its message (which may hold SQL). */
	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause instanceof SQLException sql) {
				return ex.getClass().getSimpleName() + " (SQL state " + sql.getSQLState() + ")";
			}
		}
		return ex.getClass().getSimpleName();
	}

}
