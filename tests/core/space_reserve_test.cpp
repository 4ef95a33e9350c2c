// The space reserve on a real tiny file system: made while there is room, given up so that the outbox opens.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kiosk/core/outbox.h"
#include "kiosk/core/space_reserve.h"
#include "tests/support/sender_fixture.h"
#include "tests/support/tiny_partition.h"

using namespace anjungan;

TEST_CASE("The space reserve is 4 MiB, or a sixteenth of a small partition", "[core][space_reserve]") {
    CHECK(space_reserve_size(std::uint64_t{256} << 20) == std::uint64_t{4} << 20);
    CHECK(space_reserve_size(std::uint64_t{2} << 20) == std::uint64_t{128} << 10);
}

TEST_CASE("On a partition filled up to the last byte the outbox opens once the reserve is given up",
          "[core][space_reserve][disk]") {
    const test::TinyPartition partition;
    if (!partition.mounted()) return;
    const std::string dir = partition.dir.path(), db = dir + "/outbox.sqlite";
    const SystemClock clock;
    {
        auto outbox = Outbox::open(db, clock);
        REQUIRE(outbox);
        REQUIRE((*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, test::kKioskRules));
    }
    REQUIRE(keep_space_reserve(dir));
    CHECK(std::filesystem::file_size(dir + "/space-reserve") == space_reserve_size(std::uint64_t{2} << 20));
    CHECK(keep_space_reserve(dir));  // kept, not made twice
    partition.fill();
    CHECK_FALSE(Outbox::open(db, clock));  // as the kiosk found it at its start: no room for -wal and -shm
    CHECK(release_space_reserve(dir));
    CHECK_FALSE(release_space_reserve(dir));
    auto outbox = Outbox::open(db, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->counts()->queued == 1);  // nothing earlier lost
    CHECK(keep_space_reserve(dir));          // no room for a new one: left as it is
    CHECK_FALSE(std::filesystem::exists(dir + "/space-reserve"));
    // the room the reserve left is the kiosk's own, to start again: no new request may take it
    const auto room = keep_room_to_start(dir);
    REQUIRE_FALSE(room);
    CHECK(room.error().code == ErrorCode::StorageFull);
    partition.free_space();
    CHECK(keep_room_to_start(dir));  // room again: the reserve is made anew
    CHECK(std::filesystem::exists(dir + "/space-reserve"));
}
