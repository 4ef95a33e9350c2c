// A kiosk started on a full data partition (a real 2 MiB tmpfs) comes up, refuses new requests plainly, and takes
// them again once space is freed: it never fails to start (which would make the device reboot into the other slot).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"
#include "tests/support/tiny_partition.h"

using namespace anjungan;
using Catch::Matchers::Contains;

TEST_CASE("A kiosk started on a full data partition comes up, says it cannot take requests, and recovers",
          "[e2e][disk]") {
    const test::TinyPartition partition;
    if (!partition.mounted()) return;
    test::TempDir work;
    const std::string data = partition.dir.path() + "/data";
    std::ofstream(work.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n";
    const std::vector<std::string> args{"--config", work.path() + "/kiosk.conf", "--data-dir", data};

    auto first = test::run_kiosk_script(work.path(), "wait-for start 5000\n", args);
    INFO(first.log);
    REQUIRE(first.exit_code == 0);
    CHECK(std::filesystem::exists(data + "/space-reserve"));
    partition.fill();

    auto full = test::run_kiosk_script(work.path(),
                                       "tap start\ntap lang-en\ntap ANTRIAN\ntap desk_service=PPID\n"
                                       "wait-for cannot give queue numbers right now because its storage is full 10000\n"
                                       "expect Please go straight to the desk\nexpect-not A-001\n",
                                       args);
    INFO(full.log);
    CHECK(full.exit_code == 0);
    CHECK_THAT(full.log, Contains("gave up the space reserve"));

    // Still full: the room the reserve left is kept for starting, so the kiosk comes up again (a power cut, a crash).
    auto again = test::run_kiosk_script(work.path(),
                                        "tap start\ntap lang-id\ntap ANTRIAN\ntap desk_service=PPID\n"
                                        "wait-for penyimpanannya penuh 10000\n",
                                        args);
    INFO(again.log);
    CHECK(again.exit_code == 0);

    partition.free_space();
    auto after = test::run_kiosk_script(
        work.path(), "tap start\ntap lang-en\ntap ANTRIAN\ntap desk_service=PPID\nwait-for A-001 10000\n", args);
    INFO(after.log);
    CHECK(after.exit_code == 0);
    CHECK(std::filesystem::exists(data + "/space-reserve"));  // made again once there was room
}
