package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import app.leaderboard.core.Membership;
import app.leaderboard.core.PeriodInstance;

/**
 * The parameters of {@link ScopedUpdates#ADD_TOTALS}, a row at a time: the batch's summed
 * totals, the board-size changes of its moves, and its users for the outbox (those who
 * left a scope apart, with the scopes they left). Part of {@link ScopedUpdates}.
 */
final class BatchTotalsRows {

	private final List<String> userIds = new ArrayList<>();

	private final List<String> periods = new ArrayList<>();

	private final List<java.sql.Date> starts = new ArrayList<>();

	private final List<Long> counts = new ArrayList<>();

	private final List<String> reached = new ArrayList<>();

	private final List<String> regions = new ArrayList<>();

	private final List<String> orgs = new ArrayList<>();

	private final List<Boolean> hidden = new ArrayList<>();

	private final List<Short> shards = new ArrayList<>();

	private final List<String> sizePeriods = new ArrayList<>();

	private final List<java.sql.Date> sizeStarts = new ArrayList<>();

	private final List<String> sizeScopes = new ArrayList<>();

	private final List<Short> sizeShards = new ArrayList<>();

	private final List<Long> sizeDeltas = new ArrayList<>();

	private final List<String> outboxUsers = new ArrayList<>();

	private final List<String> movers = new ArrayList<>();

	private final List<String> leftRegions = new ArrayList<>();

	private final List<String> leftOrgs = new ArrayList<>();

	void total(String userId, PeriodInstance instance, long count, Instant reachedAt, Membership membership) {
		this.userIds.add(userId);
		this.periods.add(instance.period().id());
		this.starts.add(java.sql.Date.valueOf(instance.startDate()));
		this.counts.add(count);
		this.reached.add(reachedAt.toString());
		this.regions.add(membership.region());
		this.orgs.add(membership.org());
		this.hidden.add(membership.hidden());
		this.shards.add((short) ScoreWrites.shard(userId));
	}

	void size(BatchMoves.SizeRow row, long delta) {
		this.sizePeriods.add(row.period());
		this.sizeStarts.add(java.sql.Date.valueOf(row.start()));
		this.sizeScopes.add(row.scope());
		this.sizeShards.add(row.shard());
		this.sizeDeltas.add(delta);
	}

	/**
	 * A user of the batch: on the batch's outbox row, or on one of their own when they
	 * left a scope (the relay takes them off its boards).
	 */
	void outbox(String userId, @Nullable String leftRegion, @Nullable String leftOrg) {
		if (leftRegion == null && leftOrg == null) {
			this.outboxUsers.add(userId);
			return;
		}
		this.movers.add(userId);
		this.leftRegions.add(leftRegion);
		this.leftOrgs.add(leftOrg);
	}

	java.sql.PreparedStatement statement(Connection con) throws SQLException {
		var ps = con.prepareStatement(ScopedUpdates.ADD_TOTALS);
		int i = 0;
		ps.setArray(++i, ScopedUpdates.texts(con, this.userIds));
		ps.setArray(++i, ScopedUpdates.texts(con, this.periods));
		ps.setArray(++i, con.createArrayOf("date", this.starts.toArray()));
		ps.setArray(++i, con.createArrayOf("bigint", this.counts.toArray()));
		ps.setArray(++i, ScopedUpdates.texts(con, this.reached));
		ps.setArray(++i, ScopedUpdates.texts(con, this.regions));
		ps.setArray(++i, ScopedUpdates.texts(con, this.orgs));
		ps.setArray(++i, con.createArrayOf("boolean", this.hidden.toArray()));
		ps.setArray(++i, con.createArrayOf("smallint", this.shards.toArray()));
		ps.setArray(++i, ScopedUpdates.texts(con, this.sizePeriods));
		ps.setArray(++i, con.createArrayOf("date", this.sizeStarts.toArray()));
		ps.setArray(++i, ScopedUpdates.texts(con, this.sizeScopes));
		ps.setArray(++i, con.createArrayOf("smallint", this.sizeShards.toArray()));
		ps.setArray(++i, con.createArrayOf("bigint", this.sizeDeltas.toArray()));
		ps.setArray(++i, ScopedUpdates.texts(con, this.outboxUsers));
		ps.setArray(++i, ScopedUpdates.texts(con, this.movers));
		ps.setArray(++i, ScopedUpdates.texts(con, this.leftRegions));
		ps.setArray(++i, ScopedUpdates.texts(con, this.leftOrgs));
		return ps;
	}

}
