/**
 * Settings: the contract's environment variables, parsed and checked once, with errors
 * that name the variable.
 */
package app.leaderboard.config;
