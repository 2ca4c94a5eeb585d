package app.leaderboard.update;

import app.leaderboard.support.ClusterRedis;

/** Every test of {@link UpdateIntegrationTests}, on a Redis Cluster. */
@ClusterRedis
class UpdateClusterIntegrationTests extends UpdateIntegrationTests {

}
