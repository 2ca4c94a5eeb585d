/**
 * Operators' endpoints: sync, reset, status and cache deletion, behind the admin token.
 */
@NullMarked
package app.leaderboard.admin;

import org.jspecify.annotations.NullMarked;
