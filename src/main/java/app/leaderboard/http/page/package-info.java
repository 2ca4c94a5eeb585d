/**
 * The web pages (docs/api.md, "The pages"): the boards at {@code /} and the operators'
 * view at {@code /admin}. Static HTML from the jar with plain ES modules under
 * {@code /assets/} and the chart library from a WebJar; no inline script, and a strict
 * Content-Security-Policy on the pages. Also {@code /widget.js}, the web components other
 * sites put on their pages (docs/clients.md).
 */
@NullMarked
package app.leaderboard.http.page;

import org.jspecify.annotations.NullMarked;
