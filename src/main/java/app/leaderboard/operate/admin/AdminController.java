package app.leaderboard.operate.admin;

import org.jspecify.annotations.Nullable;

import java.util.Map;

import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.UserIds;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.sync.BoardReset;
import app.leaderboard.sync.CacheRebuild;
import app.leaderboard.update.NameChanges;

/** Operators' endpoints, behind the admin bearer token ({@link AdminAuthentication}). */
@RestController
@RequestMapping("/api/redis-leaderboard/admin")
@SecurityRequirement(name = "admin")
class AdminController {

	private final CacheRebuild rebuild;

	private final BoardReset reset;

	private final AdminStatus status;

	private final RedisInspection redis;

	private final Periods periods;

	private final UserRemoval removal;

	private final NameChanges names;

	AdminController(CacheRebuild rebuild, BoardReset reset, AdminStatus status, RedisInspection redis, Periods periods,
			UserRemoval removal, NameChanges names) {
		this.names = names;
		this.removal = removal;
		this.rebuild = rebuild;
		this.reset = reset;
		this.status = status;
		this.redis = redis;
		this.periods = periods;
	}

	@Operation(operationId = "sync",
			summary = "Rebuild every board Redis serves (current and just ended) and the user cache from PostgreSQL")
	@PostMapping("/sync")
	CacheRebuild.SyncResult sync() {
		return this.rebuild.fullSync((n) -> {
		});
	}

	@Operation(operationId = "reset", summary = "Set every user's count of the current period to 0")
	@PostMapping("/reset/{period}")
	ResetResult reset(@PathVariable Period period) {
		int users = this.reset.reset(this.periods.current(period));
		return new ResetResult(period.id(), users);
	}

	/** The body of a reset: which period, and how many users went back to 0. */
	record ResetResult(String period, int usersReset) {
	}

	/** The body of a cache deletion. */
	record CacheDeleted(long keysDeleted) {
	}

	@Operation(operationId = "status", summary = "Health and size of Redis and PostgreSQL")
	@GetMapping("/status")
	Map<String, Object> status() {
		return this.status.report();
	}

	/** The body of an erasure. */
	record UserDeleted(String userId, boolean deleted) {
	}

	/** The body of a name's removal: the name is null now. */
	record NameCleared(String userId, @Nullable String displayName) {
	}

	@Operation(operationId = "clearName", summary = "Clear a user's name (moderation)")
	@DeleteMapping("/users/{userId}/name")
	NameCleared clearName(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId) {
		this.names.set(userId, null);
		return new NameCleared(userId, null);
	}

	/** The body of hide and unhide. */
	record UserHidden(String userId, boolean hidden) {
	}

	@Operation(operationId = "erase",
			summary = "Erase a user everywhere: totals of every period, scopes, idempotency keys, Redis")
	@DeleteMapping("/users/{userId}")
	UserDeleted erase(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId) {
		this.removal.erase(userId);
		return new UserDeleted(userId, true);
	}

	@Operation(operationId = "hide",
			summary = "Hide a user from every board (they keep recording and see their own stats)")
	@PostMapping("/users/{userId}/hide")
	UserHidden hide(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId) {
		this.removal.setHidden(userId, true);
		return new UserHidden(userId, true);
	}

	@Operation(operationId = "unhide", summary = "Put a hidden user back on the boards with their totals")
	@PostMapping("/users/{userId}/unhide")
	UserHidden unhide(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId) {
		this.removal.setHidden(userId, false);
		return new UserHidden(userId, false);
	}

	@Operation(operationId = "deleteCache", summary = "Delete this service's Redis keys (and only those)")
	@DeleteMapping("/cache")
	CacheDeleted deleteCache() {
		return new CacheDeleted(this.redis.deleteOwnKeys());
	}

}
