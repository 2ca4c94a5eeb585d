package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.ClusterRedis;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.RedisNode;
import app.leaderboard.support.UserCache;

/**
 * One master of the cluster loses everything (FLUSHALL from outside): the boards and user
 * cache buckets it held are rebuilt by themselves, the buckets on the other masters are
 * left alone, and Redis equals PostgreSQL again, user cache included.
 */
@ClusterRedis
class ClusterNodeFlushIntegrationTests extends IntegrationTestBase {

	@Autowired
	private RedisInspection inspection;

	@Autowired
	private RedisKeys keys;

	@Autowired
	private Periods periods;

	private RedisClusterClient client;

	private StatefulRedisClusterConnection<String, String> connection;

	@BeforeEach
	void connect() {
		RedisNode seed = ClusterRedis.Initializer.cluster().nodes().get(0);
		this.client = RedisClusterClient.create(RedisURI.create("127.0.0.1", seed.port()));
		this.connection = this.client.connect();
	}

	@AfterEach
	void disconnect() {
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void aFlushedMasterIsRebuiltBucketByBucket() {
		IntStream.range(0, 300).forEach((i) -> this.api.update("flush-" + i, 1 + i % 7));
		Consistency consistency = new Consistency(this.jdbc, this.inspection, this.periods,
				() -> UserCache.read(this.connection.sync()::hgetall, this.keys.prefix()));
		consistency.awaitEqual(Duration.ofSeconds(30));
		RedisNode master = ClusterRedis.Initializer.cluster().masterOf(this.keys.usersBucket(0));
		String untouched = firstBucketNotOn(master);
		// a field no rebuild writes: it survives only if its bucket is not rebuilt
		this.connection.sync().hset(untouched, "probe", "x");

		master.call((redis) -> redis.flushall());

		assertThat(this.inspection.unloadedUserBuckets()).isNotEmpty().contains(0).doesNotContain(bucketOf(untouched));
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> this.inspection.unloadedUserBuckets().isEmpty());
		assertThat(this.connection.sync().hget(untouched, "probe")).isEqualTo("x");
		this.connection.sync().hdel(untouched, "probe");
		consistency.awaitEqual(Duration.ofSeconds(30));
	}

	private static int bucketOf(String key) {
		return Integer.parseInt(key.substring(key.indexOf("{u") + 2, key.indexOf('}')));
	}

	private String firstBucketNotOn(RedisNode master) {
		String masterId = master.call((redis) -> redis.clusterMyId());
		for (int bucket = 1; bucket < RedisKeys.USER_BUCKETS; bucket++) {
			String key = this.keys.usersBucket(bucket);
			if (!this.connection.getPartitions()
				.getPartitionBySlot(SlotHash.getSlot(key))
				.getNodeId()
				.equals(masterId)) {
				return key;
			}
		}
		throw new IllegalStateException("Every bucket on one master");
	}

}
