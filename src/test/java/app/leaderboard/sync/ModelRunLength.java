package app.leaderboard.sync;

import java.util.Random;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How long the model-based test runs: {@value BoardModelIntegrationTests#TRIES} chains of
 * {@value BoardModelIntegrationTests#ACTIONS} actions from a fixed seed in
 * {@code ./mvnw verify}; with {@code -Dmodel.tries=N} (the {@code model} Maven profile) N
 * chains of {@code -Dmodel.actions} actions from {@code -Dmodel.seed} (a new one when
 * unset). Either way a failure is shrunk for up to
 * {@code jqwik.shrinking.bounded.seconds} (junit-platform.properties). Prints what it
 * runs, so that any run can be repeated.
 */
class ModelRunLength implements AroundPropertyHook {

	static int actions() {
		return Integer.getInteger("model.actions", BoardModelIntegrationTests.ACTIONS);
	}

	@Override
	public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
		String tries = System.getProperty("model.tries", "");
		if (!tries.isBlank()) {
			String seed = System.getProperty("model.seed", "");
			context.attributes().setTries(Integer.parseInt(tries.trim()));
			context.attributes().setSeed(seed.isBlank() ? Long.toString(new Random().nextLong()) : seed.trim());
		}
		System.out.printf("BOARD MODEL: seed=%s tries=%d actions per chain=%d%n",
				context.attributes().seed().orElse("?"), context.attributes().tries().orElse(0), actions());
		return property.execute();
	}

}
