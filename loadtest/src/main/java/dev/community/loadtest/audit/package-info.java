/**
 * The correctness audit that runs alongside every measurement: which seqs each room acknowledged, which each
 * member received and in what order, and the verdict — lost, doubled or reordered messages, unanswered sends.
 * Ledgers are confined to one client's event loop while a run is live and read only after it stopped.
 */
package dev.community.loadtest.audit;
