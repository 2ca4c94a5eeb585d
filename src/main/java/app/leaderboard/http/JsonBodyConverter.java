package app.leaderboard.http;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Writes a {@link JsonBody}'s bytes as {@code application/json}, with their length: the
 * same media types, and so the same content negotiation, as Jackson's converter, which
 * wrote these bodies before they were kept as bytes.
 */
final class JsonBodyConverter extends AbstractHttpMessageConverter<JsonBody<?>> {

	JsonBodyConverter() {
		super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
	}

	@Override
	protected boolean supports(Class<?> type) {
		return type == JsonBody.class;
	}

	@Override
	public boolean canRead(Class<?> type, MediaType mediaType) {
		return false;
	}

	@Override
	protected Long getContentLength(JsonBody<?> body, MediaType contentType) {
		return (long) body.bytes().length;
	}

	@Override
	protected JsonBody<?> readInternal(Class<? extends JsonBody<?>> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("A JSON body is only ever written", input);
	}

	@Override
	protected void writeInternal(JsonBody<?> body, HttpOutputMessage output) throws IOException {
		output.getBody().write(body.bytes());
	}

}
