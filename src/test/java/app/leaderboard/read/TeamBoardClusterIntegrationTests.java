package app.leaderboard.read;

import app.leaderboard.support.ClusterRedis;

/**
 * Every test of {@link TeamBoardIntegrationTests}, on a Redis Cluster: each team's board
 * and its sum in their own slot, one script per team.
 */
@ClusterRedis
class TeamBoardClusterIntegrationTests extends TeamBoardIntegrationTests {

}
