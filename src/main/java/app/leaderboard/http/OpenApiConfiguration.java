package app.leaderboard.http;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description at {@code /v3/api-docs}, shown by {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI leaderboardApi() {
		return new OpenAPI()
			.info(new Info().title("Leaderboard")
				.description("Daily, weekly, monthly and yearly boards of pomodoro counts")
				.version("1"))
			.components(new Components().addSecuritySchemes("admin",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
	}

}
