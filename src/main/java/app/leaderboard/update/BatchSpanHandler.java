package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import app.leaderboard.config.ConditionalOnTraces;

/**
 * Starts an update batch's span as {@link BatchTracing} describes: the child of the first
 * request's span, with a link to each other request's span. Micrometer's observations
 * have no links, hence a handler of its own, ahead of the default tracing handler, which
 * handles every other observation.
 */
@Component
@ConditionalOnTraces
@Order(MicrometerTracingAutoConfiguration.DEFAULT_TRACING_OBSERVATION_HANDLER_ORDER - 1)
class BatchSpanHandler implements TracingObservationHandler<BatchTracing.Batch> {

	private final Tracer tracer;

	BatchSpanHandler(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof BatchTracing.Batch;
	}

	@Override
	public void onStart(BatchTracing.Batch context) {
		Span.Builder span = this.tracer.spanBuilder();
		@Nullable Span parent = spanOf(context.parent());
		if (parent != null) {
			span.setParent(parent.context());
		}
		else {
			span.setNoParent();
		}
		for (Observation request : context.linked()) {
			@Nullable Span linked = spanOf(request);
			if (linked != null) {
				span.addLink(new Link(linked));
			}
		}
		getTracingContext(context).setSpan(span.name(BatchTracing.NAME).start());
	}

	@Override
	public void onStop(BatchTracing.Batch context) {
		Span span = getRequiredSpan(context);
		span.name(getSpanName(context));
		tagSpan(context, span);
		endSpan(context, span);
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	private static @Nullable Span spanOf(@Nullable Observation request) {
		if (request == null) {
			return null;
		}
		TracingContext tracing = request.getContextView().get(TracingContext.class);
		return (tracing != null) ? tracing.getSpan() : null;
	}

}
