// The files the kiosk writes for the device: the control map a VM test touches by, and the technician-mode flag.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"
#include "tests/support/technician_card.h"

using namespace anjungan;
using Catch::Matchers::Contains;


TEST_CASE("With ANJUNGAN_CONTROL_MAP the kiosk writes where each visible control is, anew when the screen changes",
          "[e2e][app]") {
    test::TempDir dir;
    const std::string map = dir.path() + "/controls";
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nwindow_width = 1280\nwindow_height = 720\n";
    const std::vector<std::string> args{"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"};

    auto run = test::run_kiosk_script(dir.path(), "wait-for start 5000\nwait 300\n", args, 60,
                                      {{"ANJUNGAN_CONTROL_MAP", map}});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto start = test::control_in(map, "start");
    REQUIRE(start);
    CHECK(start->w > 0);
    CHECK(start->h > 0);
    CHECK(start->x >= 0);
    CHECK(start->y >= 0);
    CHECK(start->x + start->w <= 1280);
    CHECK(start->y + start->h <= 720);
    CHECK_FALSE(std::filesystem::exists(map + ".tmp"));

    run = test::run_kiosk_script(dir.path(), "tap start\nwait-for lang-en 5000\nwait 300\n", args, 60,
                                 {{"ANJUNGAN_CONTROL_MAP", map}});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    CHECK(test::control_in(map, "lang-en"));
    CHECK_FALSE(test::control_in(map, "start"));
}

TEST_CASE("Without ANJUNGAN_CONTROL_MAP the kiosk writes no control map", "[e2e][app]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(), "wait-for start 5000\n", {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path()))
        CHECK_THAT(entry.path().filename().string(), !Contains("controls"));
}

TEST_CASE("The technician-mode flag exists while technician mode is open and is gone once it is left",
          "[e2e][app][technician]") {
    test::TempDir dir;
    test::TestSigner signer;
    const std::string flag = dir.path() + "/technician-open";
    std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n[technician]\n"
                                              << "card_public_key = " << signer.public_key_base64() << "\n";
    std::ofstream(flag) << "";  // left by a kiosk that crashed in technician mode: removed at start
    const std::string script = "wait-for start 5000\nwait 1500\n"
                               "scan " + signer.card("tech.budi-01", std::time(nullptr) + 3600) + "\n"
                               "wait-for tech-leave 5000\nwait 3000\ntap tech-leave\nwait-for start 5000\nwait 1500\n";
    auto kiosk = std::async(std::launch::async, [&] {
        return test::run_kiosk_script(dir.path(), script,
                                      {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"},
                                      60, {{"ANJUNGAN_TECHNICIAN_FLAG", flag}});
    });
    // What the flag was before, during and after technician mode, as a root service watching it would see.
    std::string seen;
    while (kiosk.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
        const char now = std::filesystem::exists(flag) ? 'o' : '-';
        if (seen.empty() || seen.back() != now) seen += now;
    }
    const auto run = kiosk.get();
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician mode opened by card tech.budi-01"));
    CHECK(seen == "o-o-");  // the stale flag, removed, then open, then left
    CHECK_FALSE(std::filesystem::exists(flag));
}
