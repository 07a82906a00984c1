package dev.community.loadtest.report;

/**
 * What a restart-storm's restart did to the clients.
 *
 * @param commandExitCode   the restart command's exit code (-1 when it did not finish within the run)
 * @param commandSeconds    how long the command took
 * @param clientsLive       clients live when the restart began: the ones that must come back
 * @param clientsBack       of those, the ones that reached room_state again (resumed with since_seq)
 * @param secondsToLastBack from the restart's start until the last of them was back (NaN when none came back)
 * @param secondsToHalfBack until half of them were back
 * @param secondsToP99Back  until 99 % of them were back
 */
public record RestartResult(int commandExitCode, double commandSeconds, int clientsLive, int clientsBack,
                            double secondsToLastBack, double secondsToHalfBack, double secondsToP99Back) {
}
