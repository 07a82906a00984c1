/**
 * What a run measures: HdrHistogram recorders for send→ack, send→delivered and time-to-room_state, counters for
 * sends, acks, deliveries, connections and errors by code, a once-a-second sampler that turns them into a time
 * series and a progress line, and probes that read the server's CPU and memory (its Prometheus metrics, its
 * /proc entry, its heap after a full GC).
 */
package dev.community.loadtest.measure;
