package app.leaderboard.http;

import java.beans.PropertyEditorSupport;
import java.util.Arrays;

import org.springframework.beans.PropertyEditorRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.propertyeditors.CustomNumberEditor;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * How requests are bound and answers written, for every controller.
 * <ul>
 * <li>Request parameters become numbers by Spring's parsing, except that a parameter
 * given empty ({@code ?limit=}) is a mistake to report, not the same as leaving it out.
 * This is registered once on the handler adapter's binding initializer, not as an
 * {@code @InitBinder} method of a {@code @ControllerAdvice}: Spring builds a handler
 * method object (with an annotation scan) for every such method on every request
 * (BENCHMARKS.md, row 'reads vs trivial': part of "argument binding" in the read path's
 * profile before the cuts).</li>
 * <li>String parameters are taken as they are, by an editor that hands the text on: the
 * same value Spring's conversion service gives, without its lookup per parameter, whose
 * cache key compares the parameter's annotations reflectively (the API description's
 * {@code @Parameter} and {@code @Schema} among them), a tenth of a user read's CPU
 * (docs/development.md, "The read path's cost").</li>
 * <li>No XML: the service answers JSON only, and the JAXB converter (present because the
 * API documentation's library brings JAXB) scanned each answer's class for JAXB
 * annotations on every request.</li>
 * <li>Handler lookup compares a mapping's path before its other conditions
 * ({@link PathFirstHandlerMapping}), and API requests go to the controllers' mapping
 * before the actuator's ({@link ApiHandlerLookup}).</li>
 * <li>Answers kept as JSON bytes ({@link JsonBody}: the board pages of the near cache)
 * are written as they are, by a converter ahead of Jackson's.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RequestBinding implements WebMvcConfigurer {

	private static final PropertyEditorRegistrar EMPTY_NUMBERS_ARE_INVALID = (registry) -> {
		registry.registerCustomEditor(Integer.class, new CustomNumberEditor(Integer.class, false));
		registry.registerCustomEditor(Long.class, new CustomNumberEditor(Long.class, false));
		registry.registerCustomEditor(String.class, new TextAsItIs());
	};

	/** A string parameter's text, unchanged. */
	private static final class TextAsItIs extends PropertyEditorSupport {

		@Override
		public void setAsText(String text) {
			setValue(text);
		}

	}

	@Bean
	static BeanPostProcessor emptyNumbersAreInvalid() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof RequestMappingHandlerAdapter adapter && adapter
					.getWebBindingInitializer() instanceof ConfigurableWebBindingInitializer initializer) {
					PropertyEditorRegistrar[] others = initializer.getPropertyEditorRegistrars();
					PropertyEditorRegistrar[] all = (others != null) ? Arrays.copyOf(others, others.length + 1)
							: new PropertyEditorRegistrar[1];
					all[all.length - 1] = EMPTY_NUMBERS_ARE_INVALID;
					initializer.setPropertyEditorRegistrars(all);
				}
				return bean;
			}
		};
	}

	@Bean
	WebMvcRegistrations pathFirstHandlerLookup() {
		return new WebMvcRegistrations() {
			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new PathFirstHandlerMapping();
			}
		};
	}

	@Bean
	HandlerMapping apiHandlerLookup(
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> controllers) {
		return new ApiHandlerLookup(controllers);
	}

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.configureMessageConvertersList((converters) -> {
			converters.removeIf(Jaxb2RootElementHttpMessageConverter.class::isInstance);
			converters.add(0, new JsonBodyConverter());
		});
	}

}
