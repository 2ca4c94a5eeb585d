package app.leaderboard.sync;

import app.leaderboard.support.ClusterRedis;

/** Every test of {@link ColdBoardIntegrationTests}, on a Redis Cluster. */
@ClusterRedis
class ColdBoardClusterIntegrationTests extends ColdBoardIntegrationTests {

}
