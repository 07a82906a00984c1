package dev.community.loadtest.soak;

import java.util.List;
import java.util.Map;

/**
 * What the soak added to a run's result: the coarse resource samples and their trends, the faults run, and the REST
 * mix's outcomes.
 *
 * @param flat    every trend within its noise (no resource rising steadily)
 * @param actions REST action → outcome (HTTP status, "failed", "skipped") → count
 */
public record SoakReport(List<ResourceSample> samples, List<Trend> trends, boolean flat,
                         List<FaultSchedule.FaultRun> faults, Map<String, Map<String, Long>> actions) {
}
