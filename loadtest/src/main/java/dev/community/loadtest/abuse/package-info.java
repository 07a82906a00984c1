/**
 * The hostile clients of the {@code abuse} scenario: connections that stop reading, flood request frames or
 * typing, churn connections or flood REST, run beside the honest members whose delivery latency the run
 * measures. Each abuser records how the server answered it (throttled, closed and with which code), so the
 * report can say whether every abuser was held to its budget.
 */
package dev.community.loadtest.abuse;
