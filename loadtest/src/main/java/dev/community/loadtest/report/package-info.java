/**
 * A run's result as data ({@link dev.community.loadtest.report.RunResult}), and its three renderings: the
 * summary table printed at the end, the JSON file, and the self-contained HTML report whose charts are drawn by
 * Chart.js, inlined from its webjar.
 */
package dev.community.loadtest.report;
