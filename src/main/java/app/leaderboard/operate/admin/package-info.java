/**
 * Operators' endpoints: sync, reset, status and cache deletion, behind the admin token.
 */
@NullMarked
package app.leaderboard.operate.admin;

import org.jspecify.annotations.NullMarked;
