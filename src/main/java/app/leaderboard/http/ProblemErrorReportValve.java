package app.leaderboard.http;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error page for what it refuses before Spring sees the request (an encoded
 * slash, backslash or NUL in the path, a path that is not UTF-8): problem+json instead of
 * Tomcat's HTML page, which would also name the server. Errors that reach Spring are
 * answered by {@link ProblemHandler} and {@link ProblemErrorController}; this only writes
 * when nothing else has.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		String title = (status != null) ? status.getReasonPhrase() : "Error";
		String detail = (status != null && status.is4xxClientError()) ? "The request is malformed or not allowed."
				: Problems.UNEXPECTED;
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(new String(Problems.json(HttpStatusCode.valueOf(code), title, detail, null),
						StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response is committed: nothing left to tell it
		}
	}

}
