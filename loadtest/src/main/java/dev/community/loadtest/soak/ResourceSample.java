package dev.community.loadtest.soak;

/**
 * The server's resources at one moment of a soak, from its admin {@code /metrics} (−1 where a figure is missing),
 * and the harness's worst p99 over the interval that ended then.
 *
 * @param seconds            seconds since the run started
 * @param heapAfterGcBytes   the heap after a full collection (jcmd, given the server's pid), else
 *                           {@code jvm_gc_live_data_size_bytes}: what survives; a leak shows here, garbage does not
 * @param heapUsedBytes      {@code jvm_memory_used_bytes{area="heap"}}
 * @param directBytes        {@code jvm_buffer_memory_used_bytes{id="direct"}}: NIO direct buffers (Netty's pools)
 * @param openFiles          {@code process_files_open_files}: sockets and files
 * @param threads            {@code jvm_threads_live_threads}
 * @param blockingQueue      {@code community_blocking_queue_depth}: tasks waiting for the blocking executor
 * @param connections        {@code community_ws_connections}
 * @param ackP99Ms           the worst send→ack p99 of the harness's sampling intervals within this one
 * @param deliveryP99Ms      the same for send→delivered
 */
public record ResourceSample(double seconds, long heapAfterGcBytes, long heapUsedBytes, long directBytes,
                             long openFiles, long threads, long blockingQueue, long connections, double ackP99Ms,
                             double deliveryP99Ms) {
}
