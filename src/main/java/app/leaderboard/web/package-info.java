/** HTTP concerns shared by every endpoint: errors as problem+json. */
package app.leaderboard.web;
