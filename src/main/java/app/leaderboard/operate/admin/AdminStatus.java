package app.leaderboard.operate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.notify.WebhookProperties;
import app.leaderboard.read.CacheStats;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.OutboxStore;
import app.leaderboard.store.postgres.PostgresHealthIndicator;
import app.leaderboard.store.postgres.ScopeRegistry;
import app.leaderboard.store.postgres.WebhookOutbox;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisHealthIndicator;
import app.leaderboard.sync.Boards;
import app.leaderboard.sync.DriftCheck;

/**
 * Health and size of both stores, for the admin status endpoint (and the CLI). Every part
 * is gathered on its own, so the report still answers while Redis or PostgreSQL is down,
 * and says so.
 */
@Component
class AdminStatus {

	private final RedisHealthIndicator redisHealth;

	private final RedisInspection redis;

	private final PostgresHealthIndicator postgresHealth;

	private final BoardQueries store;

	private final OutboxStore outbox;

	private final Periods periods;

	private final CacheStats cacheStats;

	private final DriftCheck drift;

	private final ScopeRegistry scopeRegistry;

	private final Boards boards;

	private final WebhookProperties webhook;

	private final WebhookOutbox webhookOutbox;

	public AdminStatus(RedisHealthIndicator redisHealth, RedisInspection redis, PostgresHealthIndicator postgresHealth,
			BoardQueries store, OutboxStore outbox, Periods periods, CacheStats cacheStats, DriftCheck drift,
			ScopeRegistry scopeRegistry, Boards boards, WebhookProperties webhook, WebhookOutbox webhookOutbox) {
		this.webhook = webhook;
		this.webhookOutbox = webhookOutbox;
		this.scopeRegistry = scopeRegistry;
		this.boards = boards;
		this.redisHealth = redisHealth;
		this.redis = redis;
		this.postgresHealth = postgresHealth;
		this.store = store;
		this.outbox = outbox;
		this.periods = periods;
		this.cacheStats = cacheStats;
		this.drift = drift;
	}

	public Map<String, Object> report() {
		boolean redisUp = this.redisHealth.ping();
		boolean postgresUp = this.postgresHealth.answers();
		Map<String, Object> report = new LinkedHashMap<>();
		Map<String, Object> redisPart = new LinkedHashMap<>();
		redisPart.put("connected", redisUp);
		redisPart.put("used_memory_bytes", redisUp ? attempt(this.redis::usedMemory) : null);
		report.put("redis", redisPart);
		report.put("postgres", Map.of("connected", postgresUp));
		Map<String, Object> users = new LinkedHashMap<>();
		users.put("total", postgresUp ? attempt(this.store::userCount) : null);
		users.put("cached", redisUp ? attempt(this.redis::cachedUsers) : null);
		users.put("hidden", postgresUp ? attempt(this.scopeRegistry::hiddenUsers) : null);
		report.put("users", users);
		Map<String, Object> boards = new LinkedHashMap<>();
		for (Map.Entry<Period, PeriodInstance> entry : this.periods.currentAll().entrySet()) {
			PeriodInstance instance = entry.getValue();
			Map<String, Object> board = new LinkedHashMap<>();
			board.put("period_start", instance.startDate().toString());
			OptionalLong cached = redisUp ? attempt(() -> this.redis.boardMembers(instance)) : null;
			board.put("members", (cached != null && cached.isPresent()) ? cached.getAsLong() : null);
			board.put("loaded", cached != null && cached.isPresent());
			board.put("postgres_members", postgresUp ? attempt(() -> this.store.members(instance)) : null);
			boards.put(entry.getKey().id(), board);
		}
		report.put("leaderboards", boards);
		report.put("scoped_boards", postgresUp ? attempt(() -> scoped(redisUp)) : null);
		Map<String, Object> cache = new LinkedHashMap<>();
		cache.put("hits", this.cacheStats.hits());
		cache.put("misses", this.cacheStats.misses());
		report.put("cache", cache);
		Map<String, Object> outbox = new LinkedHashMap<>();
		OutboxStore.OutboxBacklog backlog = postgresUp ? attempt(this.outbox::outboxBacklog) : null;
		outbox.put("pending", (backlog != null) ? backlog.rows() : null);
		outbox.put("oldest_seconds", (backlog != null) ? backlog.oldestSeconds() : null);
		report.put("outbox", outbox);
		report.put("webhook", webhook(postgresUp));
		Map<String, Object> driftPart = new LinkedHashMap<>();
		if (redisUp && postgresUp) {
			Map<Period, DriftCheck.BoardDrift> boardsDrift = attempt(() -> this.drift.check(false));
			if (boardsDrift != null) {
				long total = boardsDrift.values().stream().mapToLong(DriftCheck.BoardDrift::drift).sum();
				driftPart.put("in_sync", total == 0);
				driftPart.put("drift", total);
				driftPart.put("method",
						"member counts plus a random sample of up to " + DriftCheck.SAMPLE + " members per board");
			}
		}
		report.put("drift", driftPart);
		report.put("status", (redisUp && postgresUp) ? "ok" : "degraded");
		return report;
	}

	/**
	 * The region and organisation boards: how many scopes, how many current boards they
	 * make and how many of those Redis has loaded.
	 */
	private Map<String, Object> scoped(boolean redisUp) {
		List<Scope> scopes = this.scopeRegistry.scopes();
		List<PeriodInstance> boards = this.boards.current()
			.stream()
			.filter((board) -> !board.scope().global())
			.toList();
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("regions", scopes.stream().filter((s) -> s.kind() == Scope.Kind.REGION).count());
		part.put("orgs", scopes.stream().filter((s) -> s.kind() == Scope.Kind.ORG).count());
		part.put("boards", boards.size());
		List<PeriodInstance> unloaded = redisUp ? attempt(() -> this.redis.unloaded(boards)) : null;
		part.put("loaded", (unloaded != null) ? boards.size() - unloaded.size() : null);
		return part;
	}

	/** Whether the webhook is on, and its events not delivered yet. */
	private Map<String, Object> webhook(boolean postgresUp) {
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("enabled", this.webhook.enabled());
		WebhookOutbox.Backlog backlog = postgresUp ? attempt(this.webhookOutbox::backlog) : null;
		part.put("pending", (backlog != null) ? backlog.events() : null);
		part.put("oldest_boundary",
				(backlog != null && backlog.oldestBoundary() != null) ? backlog.oldestBoundary().toString() : null);
		return part;
	}

	/** Runs one probe; null when its store failed meanwhile. */
	private static <T> T attempt(Supplier<T> probe) {
		try {
			return probe.get();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
