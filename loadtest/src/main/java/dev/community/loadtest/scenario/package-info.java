/**
 * The scenarios (fanout, rooms, ingest, connect-storm, idle, resume) as plans of simulated clients, the
 * arithmetic that lays clients over rooms and spreads rates over senders, and the one runner that executes any
 * plan in bounded phases — connect, send (or hold), probe, drain — then audits and reports.
 */
package dev.community.loadtest.scenario;
