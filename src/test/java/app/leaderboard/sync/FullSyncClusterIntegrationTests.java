package app.leaderboard.sync;

import app.leaderboard.support.ClusterRedis;

/**
 * {@link FullSyncIntegrationTests} on a Redis Cluster: several syncs at once, with
 * writers and readers, where the user cache is 256 buckets spread over three masters.
 */
@ClusterRedis
class FullSyncClusterIntegrationTests extends FullSyncIntegrationTests {

}
