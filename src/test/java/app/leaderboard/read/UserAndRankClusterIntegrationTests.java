package app.leaderboard.read;

import app.leaderboard.support.ClusterRedis;

/** Every test of {@link UserAndRankIntegrationTests}, on a Redis Cluster. */
@ClusterRedis
class UserAndRankClusterIntegrationTests extends UserAndRankIntegrationTests {

}
