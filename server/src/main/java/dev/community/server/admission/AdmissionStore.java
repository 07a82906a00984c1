package dev.community.server.admission;

import dev.community.server.Blocking;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What admission reads from memory (rooms with their memberships and read markers, block lists) and what it writes
 * in groups (claims, first joins): one per node, wired once, told of every change by session control.
 *
 * @param readsStoredRows true in a cluster: each connect reads its room's row (grouped, see
 *                        {@link RoomDirectory#storedRow}), because a message stored on another node may never have
 *                        reached this one; a single node hears of every message it stores
 */
public record AdmissionStore(RoomDirectory rooms, BlockLists blocks, AdmissionWrites writes, boolean readsStoredRows) {

    public static AdmissionStore of(Storage storage, Blocking blocking, MeterRegistry meters, boolean cluster) {
        return new AdmissionStore(new RoomDirectory(storage.rooms(), storage.memberships(), blocking, meters),
                new BlockLists(storage.blocks(), blocking, meters),
                new AdmissionWrites(storage.users(), storage.memberships(), blocking, meters), cluster);
    }
}
