package app.leaderboard.operate.admin;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.leaderboard.http.AuthenticationFailedException;

/**
 * Guards {@code /api/redis-leaderboard/admin/**}: no bearer token is 401, a wrong one
 * 403, and in both cases the handler never runs, so nothing changes.
 */
@Configuration(proxyBeanMethods = false)
class AdminAuthentication implements WebMvcConfigurer {

	private final AdminToken token;

	AdminAuthentication(AdminToken token) {
		this.token = token;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				String header = request.getHeader("Authorization");
				if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
					throw new AuthenticationFailedException(HttpStatus.UNAUTHORIZED,
							"Admin endpoints need Authorization: Bearer <LEADERBOARD_ADMIN_TOKEN>.");
				}
				if (!AdminAuthentication.this.token.matches(header.substring(7).trim())) {
					throw new AuthenticationFailedException(HttpStatus.FORBIDDEN, "The admin token is not valid.");
				}
				return true;
			}

		}).addPathPatterns("/api/redis-leaderboard/admin/**");
	}

}
