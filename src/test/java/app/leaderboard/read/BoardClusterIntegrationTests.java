package app.leaderboard.read;

import app.leaderboard.support.ClusterRedis;

/** Every test of {@link BoardIntegrationTests}, on a Redis Cluster. */
@ClusterRedis
class BoardClusterIntegrationTests extends BoardIntegrationTests {

}
