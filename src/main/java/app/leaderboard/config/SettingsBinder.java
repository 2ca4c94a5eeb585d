package app.leaderboard.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

import jakarta.validation.Validation;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import java.util.regex.Pattern;

/**
 * Binds the settings from an environment exactly as Spring will at start, with Spring's
 * {@link Binder}: the same {@code application.yml}, the same relaxed names, the same
 * conversions and bean-validation bounds. What it adds is the report: a bad value becomes
 * an {@link InvalidConfigurationException} that names the environment variable it came
 * from, so that the start can stop with one line (see {@link StartupCheck}) and the CLI
 * can describe its servers before its context exists.
 */
public final class SettingsBinder {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)");

	private final MutablePropertySources sources = new MutablePropertySources();

	private final List<PropertySource<?>> mappings = new ArrayList<>();

	private final Binder binder;

	private SettingsBinder(Map<String, String> env) {
		this.sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment", Map.copyOf(env)));
		try {
			this.mappings.addAll(
					new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.mappings.forEach(this.sources::addLast);
		this.binder = new Binder(ConfigurationPropertySources.from(this.sources),
				new PropertySourcesPlaceholdersResolver(this.sources));
	}

	/** The service's settings from this environment. */
	public static LeaderboardProperties bind(Map<String, String> env) {
		return bind(env, LeaderboardProperties.class);
	}

	/** One of the settings records from this environment, under its own prefix. */
	public static <T> T bind(Map<String, String> env, Class<T> type) {
		ConfigurationProperties properties = AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
		String prefix = (properties == null) ? "leaderboard" : properties.prefix();
		return new SettingsBinder(env).bind(prefix, Bindable.of(type));
	}

	/** The HTTP port from this environment: 0 to 65535. */
	static int serverPort(Map<String, String> env) {
		SettingsBinder settings = new SettingsBinder(env);
		Integer port = settings.bind("server.port", Bindable.of(Integer.class));
		if (port == null || port < 0 || port > 65535) {
			throw new InvalidConfigurationException(settings.variable("server.port"), "must be between 0 and 65535");
		}
		return port;
	}

	private <T> T bind(String name, Bindable<T> target) {
		try {
			SpringValidatorAdapter validator = new SpringValidatorAdapter(
					Validation.buildDefaultValidatorFactory().getValidator());
			return this.binder.bindOrCreate(name, target,
					new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), validator));
		}
		catch (BindException ex) {
			throw report(ex);
		}
	}

	private InvalidConfigurationException report(BindException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidConfigurationException named) {
				return named;
			}
			if (cause instanceof BindValidationException invalid) {
				return invalid(invalid);
			}
		}
		String name = (ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString();
		Object value = (ex.getProperty() != null) ? ex.getProperty().getValue() : null;
		return new InvalidConfigurationException(variable(name),
				unconvertible(ex.getTarget().getType().resolve(), value));
	}

	private InvalidConfigurationException invalid(BindValidationException ex) {
		ObjectError error = ex.getValidationErrors().getAllErrors().get(0);
		String name = ex.getValidationErrors().getName().toString();
		String message = error.getDefaultMessage();
		if (error instanceof FieldError field) {
			String path = field.getField().replaceAll("\\[\\d+\\]$", "");
			name = name + "." + dashed(path);
			if (message != null && message.startsWith("is not")) {
				message = "'" + field.getRejectedValue() + "' " + message;
			}
		}
		return new InvalidConfigurationException(variable(name), message);
	}

	private static String dashed(String path) {
		List<String> parts = new ArrayList<>();
		for (String part : path.split("\\.")) {
			parts.add(DataObjectPropertyName.toDashedForm(part));
		}
		return String.join(".", parts);
	}

	/** What a value that did not convert should have been; secrets are never echoed. */
	private static String unconvertible(Class<?> type, Object value) {
		if (type == ZoneId.class) {
			return "'" + value + "' is not a known time zone";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "must be true or false";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "not a whole number";
		}
		if (type == URI.class) {
			return "not a valid URL";
		}
		if (type == Duration.class) {
			return "not a duration such as 500ms, 2s or PT1M";
		}
		return "not a valid value";
	}

	/**
	 * The environment variable behind a setting: the one {@code application.yml} maps
	 * onto it, otherwise the one relaxed binding reads ({@code LEADERBOARD_TIME_ZONE} for
	 * {@code leaderboard.time-zone}).
	 */
	private String variable(String name) {
		String dashed = dashed(name);
		for (PropertySource<?> mapping : this.mappings) {
			Object raw = mapping.getProperty(dashed);
			if (raw != null) {
				Matcher placeholder = PLACEHOLDER.matcher(raw.toString());
				if (placeholder.find()) {
					return placeholder.group(1);
				}
			}
		}
		return dashed.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

}
