package app.leaderboard.http;

import java.lang.annotation.Annotation;
import java.sql.SQLException;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import app.leaderboard.core.UnknownUserException;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Every error that reaches Spring MVC as RFC 9457 problem+json. The service's own errors
 * are exceptions that extend {@code ErrorResponseException} and carry their status,
 * title, detail and headers, so each feature maps its own;
 * {@link ResponseEntityExceptionHandler} renders those and the framework's (405, 415,
 * unreadable body, unknown path). Here: parameters Spring could not convert or validate,
 * and the stores being away. Details never carry SQL, Redis replies or stack traces;
 * those go to the log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	/** Tomcat 11 throws this for a query string it cannot parse ({@code ?a=b&&&=}). */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException ex) {
		return Problems.response(HttpStatus.BAD_REQUEST, "Invalid request", "The query string is malformed.");
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseDown(RuntimeException ex) {
		if (ex instanceof DataIntegrityViolationException || ex instanceof BadSqlGrammarException) {
			return unexpected(ex);
		}
		log.warn("PostgreSQL is unavailable: {}", describe(ex));
		return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
				"PostgreSQL is unavailable; nothing was changed. Try again shortly.");
	}

	/** Domain exceptions know nothing of HTTP; their statuses are decided here. */
	@ExceptionHandler(UnknownUserException.class)
	ResponseEntity<ProblemDetail> unknownUser(UnknownUserException ex) {
		return Problems.response(HttpStatus.NOT_FOUND, "Unknown user", ex.getMessage());
	}

	/** Redis is down where no fallback applies: the reply of Redis stays in the log. */
	@ExceptionHandler(RedisUnavailableException.class)
	ResponseEntity<ProblemDetail> cacheDown(RedisUnavailableException ex) {
		log.warn("Redis is unavailable: {}", ex.getMessage());
		return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "Cache unavailable",
				"Redis is unavailable; try again shortly.");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", Problems.UNEXPECTED);
	}

	/**
	 * A parameter that did not convert: the converter's own problem (an unknown period),
	 * or the parameter's rule (a page size that is not a number).
	 */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof ErrorResponse problem) {
			return ResponseEntity.status(problem.getStatusCode()).body(problem.getBody());
		}
		MethodParameter parameter = (ex instanceof MethodArgumentTypeMismatchException mismatch)
				? mismatch.getParameter() : null;
		return invalid(rule(parameter, (ex.getPropertyName() != null) ? ex.getPropertyName() : "A parameter"));
	}

	/**
	 * A parameter that converted but breaks its bounds or pattern: the rule's message.
	 */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors().stream())
			.map((error) -> error.getDefaultMessage())
			.filter((message) -> message != null)
			.findFirst()
			.orElse("A parameter is not valid.");
		return invalid(detail);
	}

	private static ResponseEntity<Object> invalid(String detail) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.body(Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail));
	}

	/** The message of the parameter's first rule, which says what a valid value is. */
	private static String rule(MethodParameter parameter, String name) {
		if (parameter != null) {
			for (Annotation annotation : parameter.getParameterAnnotations()) {
				String message = null;
				if (annotation instanceof Min min) {
					message = min.message();
				}
				else if (annotation instanceof Max max) {
					message = max.message();
				}
				else if (annotation instanceof Pattern pattern) {
					message = pattern.message();
				}
				if (message != null && !message.startsWith("{")) {
					return message;
				}
			}
		}
		return name + " is not valid.";
	}

	/** The exception's kind and SQL state, never its message (which may hold SQL). */
	private static String describe(Throwable ex) {
		if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof SQLException sql) {
			return ex.getClass().getSimpleName() + " (SQL state " + sql.getSQLState() + ")";
		}
		return ex.getClass().getSimpleName();
	}

}
