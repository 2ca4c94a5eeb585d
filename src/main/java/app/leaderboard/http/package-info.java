/**
 * HTTP concerns shared by every endpoint, and knowing none of them: problem+json bodies
 * built in one place ({@link app.leaderboard.http.Problems}) for Spring MVC, the
 * {@code /error} page, filters and Tomcat's own error page; the rendering of framework
 * errors and of parameters that do not convert; OpenAPI. Features map their own errors
 * with exceptions that extend {@code ErrorResponseException}.
 */
@NullMarked
package app.leaderboard.http;

import org.jspecify.annotations.NullMarked;
