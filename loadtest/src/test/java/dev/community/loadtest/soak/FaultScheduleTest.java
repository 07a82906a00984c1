package dev.community.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultScheduleTest {
    @Test
    void aFaultIsRecordedWhenItEndsWithItsExitCode() {
        FaultSchedule faults = new FaultSchedule("exit 3");
        faults.fire(300);
        await().until(() -> faults.recorded().size() == 1);
        FaultSchedule.FaultRun run = faults.recorded().get(0);
        assertThat(run.atSeconds()).isEqualTo(300);
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.seconds()).isNotNegative();
    }

    @Test
    void aFaultStillRunningAtTheNextIntervalMakesThatOneSkippedAndTheListIsInTimeOrder(@TempDir Path dir)
            throws Exception {
        Path release = dir.resolve("release");
        FaultSchedule faults = new FaultSchedule("while [ ! -f '" + release + "' ]; do sleep 0.05; done");
        faults.fire(300);
        faults.fire(600);
        assertThat(faults.recorded()).extracting(FaultSchedule.FaultRun::exit).containsExactly(-2);
        Files.writeString(release, "");
        await().until(() -> faults.recorded().size() == 2);
        assertThat(faults.finish()).extracting(FaultSchedule.FaultRun::atSeconds).containsExactly(300.0, 600.0);
        assertThat(faults.finish()).extracting(FaultSchedule.FaultRun::exit).containsExactly(0, -2);
    }
}
