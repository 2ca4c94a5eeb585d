/**
 * The web pages (docs/api.md, "The pages"): the boards at {@code /} and the operators'
 * view at {@code /admin}. Static HTML from the jar with plain ES modules under
 * {@code /assets/} and the chart library from a WebJar; no inline script, and a strict
 * Content-Security-Policy on the pages.
 */
@NullMarked
package app.leaderboard.http.page;

import org.jspecify.annotations.NullMarked;
