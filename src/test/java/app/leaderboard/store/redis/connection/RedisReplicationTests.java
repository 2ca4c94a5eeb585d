package app.leaderboard.store.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A master as its INFO sections describe it. */
class RedisReplicationTests {

	private static final String SERVER = "# Server\r\nredis_version:7.0.15\r\nrun_id:4f2a\r\ntcp_port:6379\r\n";

	@Test
	void theLeastOffsetOfTheOnlineReplicasIsWhatTheyHold() {
		String replication = "# Replication\r\nrole:master\r\nconnected_slaves:3\r\n"
				+ "slave0:ip=10.0.0.2,port=6379,state=online,offset=900,lag=0\r\n"
				+ "slave1:ip=10.0.0.3,port=6379,state=online,offset=850,lag=1\r\n"
				+ "slave2:ip=10.0.0.4,port=6379,state=wait_bgsave,offset=0,lag=0\r\n"
				+ "master_replid:abc\r\nmaster_repl_offset:1000\r\n";

		assertThat(RedisReplication.parse(SERVER, replication))
			.isEqualTo(new RedisReplication.Master("4f2a", 1000, 2, 850));
	}

	@Test
	void aMasterWithoutReplicasHoldsAllItWrote() {
		String replication = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_repl_offset:42\r\n";

		assertThat(RedisReplication.parse(SERVER, replication))
			.isEqualTo(new RedisReplication.Master("4f2a", 42, 0, 42));
	}

}
