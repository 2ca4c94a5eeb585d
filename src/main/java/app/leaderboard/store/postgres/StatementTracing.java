package app.leaderboard.store.postgres;

import java.util.EnumSet;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import net.ttddyy.observation.tracing.JdbcObservationDocumentation;

import app.leaderboard.config.ConditionalOnTraces;

/**
 * While traces are on, a pool's connections and statements are observed
 * (datasource-micrometer): a span per connection use (a transaction, a read), with a
 * child span per statement carrying its SQL, never its parameters, which hold user ids.
 * Result sets are left out: one span per statement is enough to see where time goes.
 * Without traces the pools are used as they are, unwrapped.
 */
@Component
@ConditionalOnTraces
public class StatementTracing {

	private final DataSourceObservationListener listener;

	StatementTracing(ObservationRegistry observations) {
		this.listener = new DataSourceObservationListener(observations);
		this.listener.setIncludeParameterValues(false);
		this.listener
			.setSupportedTypes(EnumSet.of(JdbcObservationDocumentation.CONNECTION, JdbcObservationDocumentation.QUERY));
	}

	DataSource observe(String name, DataSource pool) {
		return ProxyDataSourceBuilder.create(name, pool).listener(this.listener).methodListener(this.listener).build();
	}

}
