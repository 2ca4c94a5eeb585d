package app.leaderboard.http.security;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import app.leaderboard.http.Problems;

/**
 * Refuses request bodies over {@link #MAX_BYTES} with 413 problem+json. A declared
 * Content-Length is refused at once; a chunked body is read up to the limit and no
 * further, then handed on from memory. The largest legitimate body (an update) is well
 * under 100 bytes.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

	static final int MAX_BYTES = 16 * 1024;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > MAX_BYTES) {
			tooLarge(request, response);
			return;
		}
		if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			tooLarge(request, response);
			return;
		}
		chain.doFilter(new BufferedBody(request, body), response);
	}

	private static void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
				"Request bodies may be at most " + MAX_BYTES + " bytes.");
	}

	/** The request with its body already read. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			InputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					try {
						return in.available() == 0;
					}
					catch (IOException ex) {
						return true;
					}
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = StandardCharsets.UTF_8;
			try {
				if (encoding != null) {
					charset = Charset.forName(encoding);
				}
			}
			catch (IllegalArgumentException ex) {
				// an unknown or malformed charset name: read UTF-8, as JSON is
			}
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

}
