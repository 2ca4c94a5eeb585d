package app.leaderboard.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import app.leaderboard.store.redis.connection.RedisReplication;

/**
 * The last moment Redis was known healthy, tracked continuously from looks at its
 * masters: a look is confirmed once every master is still the one it was then, has as
 * many replicas online as it had, and its replicas hold everything it had written by then
 * (their confirmed offset reached its offset of that look). A failover loses nothing
 * Redis acknowledged before the confirmed moment, however late it is detected; the
 * failover repair re-applies whatever changed after it ({@link TopologyRepair}). While a
 * master does not answer, or its replicas fall behind or away, the moment stays where it
 * was.
 */
final class ConfirmedMoment {

	/**
	 * Looks kept while their replicas catch up: ten minutes of them at one a second. The
	 * oldest is dropped first, which can only keep the moment earlier than it could be.
	 */
	static final int LOOKS_KEPT = 600;

	/**
	 * How long a replica may be away before it no longer counts: Sentinel and Cluster
	 * promote no replica cut off from its master for that long (ten times their failure
	 * detection time, by default), so what it lacks can no longer be lost.
	 */
	static final Duration REPLICA_FORGOTTEN = Duration.ofMinutes(10);

	private final Deque<Look> looks = new ArrayDeque<>();

	/** The masters at the previous look, by run id; null before the first. */
	private @Nullable Map<String, RedisReplication.Master> masters;

	/** The most replicas each master had online, by run id. */
	private final Map<String, Integer> replicas = new HashMap<>();

	/** Since when a master has had fewer replicas online than that, by run id. */
	private final Map<String, Instant> fewerSince = new HashMap<>();

	private volatile Instant confirmed;

	ConfirmedMoment(Instant start) {
		this.confirmed = start;
	}

	/**
	 * Redis as a look at {@code at} found it.
	 * @return false when its masters are not those of the previous look: a master failed
	 * over or restarted, whether or not the client noticed
	 */
	synchronized boolean looked(Instant at, List<RedisReplication.Master> now) {
		Map<String, RedisReplication.Master> byRunId = new HashMap<>();
		now.forEach((master) -> byRunId.put(master.runId(), master));
		if (this.masters != null && !this.masters.keySet().equals(byRunId.keySet())) {
			return false;
		}
		this.masters = byRunId;
		this.looks.addLast(new Look(at, byRunId));
		if (this.looks.size() > LOOKS_KEPT) {
			this.looks.removeFirst();
		}
		if (!allReplicasOnline(at, now)) {
			// one that is away may come back promoted, with what it had when it left
			return true;
		}
		Look newest = null;
		for (Look look : this.looks) {
			if (look.replicatedBy(byRunId)) {
				newest = look;
			}
		}
		if (newest != null) {
			this.confirmed = newest.at();
			while (this.looks.peekFirst() != newest) {
				this.looks.removeFirst();
			}
		}
		return true;
	}

	private boolean allReplicasOnline(Instant at, List<RedisReplication.Master> now) {
		boolean all = true;
		for (RedisReplication.Master master : now) {
			int most = this.replicas.merge(master.runId(), master.replicas(), Math::max);
			if (master.replicas() >= most) {
				this.fewerSince.remove(master.runId());
			}
			else if (Duration.between(this.fewerSince.computeIfAbsent(master.runId(), (id) -> at), at)
				.compareTo(REPLICA_FORGOTTEN) >= 0) {
				this.replicas.put(master.runId(), master.replicas());
				this.fewerSince.remove(master.runId());
			}
			else {
				all = false;
			}
		}
		return all;
	}

	/**
	 * Starts over once a topology change is repaired: the next look is the first of the
	 * new topology, and the moment stays where it was until one of its looks is
	 * confirmed.
	 */
	synchronized void restart() {
		this.masters = null;
		this.looks.clear();
		this.replicas.clear();
		this.fewerSince.clear();
	}

	Instant confirmed() {
		return this.confirmed;
	}

	private record Look(Instant at, Map<String, RedisReplication.Master> masters) {

		/** Whether what the masters had written at this look is on their replicas now. */
		boolean replicatedBy(Map<String, RedisReplication.Master> now) {
			for (RedisReplication.Master then : this.masters.values()) {
				RedisReplication.Master current = now.get(then.runId());
				if (current == null || current.replicated() < then.offset()) {
					return false;
				}
			}
			return true;
		}

	}

}
