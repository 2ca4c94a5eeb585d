package app.leaderboard.http;

/**
 * A JSON answer already written: the bytes go out as they are
 * ({@link JsonBodyConverter}), with no serialization, type lookup or content conversion
 * per request. {@code T} is the type the bytes hold, for the API description (springdoc
 * documents {@code T}).
 *
 * @param <T> what the bytes are the JSON of
 * @param bytes the body, UTF-8 JSON
 */
public record JsonBody<T>(byte[] bytes) {

}
