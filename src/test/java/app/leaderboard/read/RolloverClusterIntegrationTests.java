package app.leaderboard.read;

import app.leaderboard.support.ClusterRedis;

/** Every test of {@link RolloverIntegrationTests}, on a Redis Cluster. */
@ClusterRedis
class RolloverClusterIntegrationTests extends RolloverIntegrationTests {

}
