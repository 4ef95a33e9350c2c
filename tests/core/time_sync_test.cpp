// The clock's synchronisation status: systemd-timesyncd's flag file, latched since boot, and the simulated one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/time_sync.h"
#include "tests/support/process.h"

using namespace anjungan;

TEST_CASE("The system provider says synchronised once timesyncd's flag file appears, and stays so",
          "[core][time_sync]") {
    test::TempDir dir;
    const std::string flag = dir.path() + "/synchronized";
    const SystemTimeSync sync(flag, false);  // the flag file alone, whatever this machine's kernel says
    CHECK_FALSE(sync.synced_since_boot());
    std::ofstream(flag).put('\n');
    CHECK(sync.synced_since_boot());
    std::filesystem::remove(flag);
    CHECK(sync.synced_since_boot());  // it had succeeded since boot
}

TEST_CASE("devices.clock_sync chooses the system or a simulated provider a test can set", "[core][time_sync]") {
    auto synced = make_time_sync("sim:synced");
    auto unsynced = make_time_sync("sim:unsynced");
    REQUIRE(synced);
    REQUIRE(unsynced);
    CHECK((*synced)->synced_since_boot());
    CHECK_FALSE((*unsynced)->synced_since_boot());
    CHECK(make_time_sync("system"));
    CHECK_FALSE(make_time_sync("ntp"));
    SimulatedTimeSync sim(false);
    sim.set(true);
    CHECK(sim.synced_since_boot());
}
