package app.leaderboard.store.postgres;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The replica's part of {@code /actuator/health} (the {@code replica} component, present
 * only with {@code DATABASE_READ_URL}): UP while reads use it, UNKNOWN while it is left
 * out. Never DOWN: the service answers without a replica, reading the primary, so a dead
 * replica must not take an instance out of a load balancer. What it reports is the last
 * check's verdict ({@link ReplicaMonitor}); asking never waits on the replica.
 */
class ReplicaHealthIndicator implements HealthIndicator {

	private final ReplicaMonitor monitor;

	ReplicaHealthIndicator(ReplicaMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public Health health() {
		ReplicaMonitor.State state = this.monitor.state();
		Health.Builder health = state.inUse() ? Health.up() : Health.unknown().withDetail("reads", "primary");
		health.withDetail("reason", state.reason());
		if (!Double.isNaN(state.lagSeconds())) {
			health.withDetail("lag_seconds", state.lagSeconds());
		}
		return health.build();
	}

}
