/**
 * The load harness's command line: one sub-command per scenario over shared options (target, secret, bounds,
 * source addresses, reports). Every run is bounded in time and count and aims only at loopback.
 */
package dev.community.loadtest;
