package app.leaderboard.http;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Errors that happen outside Spring MVC (in a filter, or in the servlet container) end up
 * at {@code /error}; they are answered as problem+json too, without the exception.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			// asked for directly, not forwarded by the container: no such resource
			return Problems.response(HttpStatus.NOT_FOUND, HttpStatus.NOT_FOUND.getReasonPhrase(),
					HttpStatus.NOT_FOUND.getReasonPhrase());
		}
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String detail = status.is5xxServerError() ? Problems.UNEXPECTED : status.getReasonPhrase();
		return Problems.response(status, status.getReasonPhrase(), detail);
	}

}
