package dev.community.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminRecordsTest {

    @Test
    void nodeStatsKeepsTheTopTenRoomsAndCopiesTheList() {
        List<RoomConnections> rooms = new ArrayList<>(IntStream.range(0, 12)
                .mapToObj(i -> new RoomConnections(UUID.randomUUID(), "room", 100 - i)).toList());

        NodeStats stats = new NodeStats(1, 2, 3, 4, false, rooms);
        rooms.clear();

        assertThat(stats.topRooms()).hasSize(NodeStats.TOP_ROOMS)
                .extracting(RoomConnections::connections).startsWith(100, 99).endsWith(91);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 302, 399, 600})
    void adminExceptionsCarryAnErrorStatus(int status) {
        assertThatThrownBy(() -> new AdminException(status, "x", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminExceptionFactoriesUseTheContractsCodes() {
        assertThat(List.of(AdminException.notFound("a"), AdminException.unavailable("b"), AdminException.invalidPayload("c")))
                .extracting(AdminException::status, AdminException::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(404, "not_found"),
                        org.assertj.core.groups.Tuple.tuple(503, "unavailable"),
                        org.assertj.core.groups.Tuple.tuple(400, "invalid_payload"));
    }
}
