/**
 * Operators' endpoints: sync, reset, status and cache deletion, behind the admin token.
 */
package app.leaderboard.admin;
