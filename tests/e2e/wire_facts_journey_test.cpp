// The real kiosk records its commit-time facts with each request: language, time, clock status, consent version.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/clock.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

// The shortest journey: two taps after the language give a queue number.
std::string queue_journey(const std::string& language, const std::string& screenshot) {
    return "tap start\ntap lang-" + language + "\ntap ANTRIAN\ntap desk_service=PPID\nwait-for A-001 10000\n"
           "wait-for " + (language == "id" ? "Silakan ambil tiket" : "Please take your ticket") + " 15000\n"
           "screenshot " + screenshot + "\n";
}

}  // namespace

TEST_CASE("A queue number taken in English on a kiosk whose clock never synchronised says both to the server",
          "[e2e][facts]") {
    test::Open311Peer peer;
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n[server]\nallow_insecure = true\n"
                                             "[devices]\nclock_sync = sim:unsynced\n";
    const auto before = std::chrono::system_clock::now();
    const auto run = test::run_kiosk_script(dir.path(), queue_journey("en", "ticket-unsynced.png"),
                                            {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data",
                                             "--server", peer.base_url()});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    const auto& params = received[0]["params"];
    CHECK(params["attribute[language]"] == "en");
    CHECK(params["attribute[clock_synced]"] == "false");
    set_process_timezone("Asia/Jakarta");
    const std::string submitted_at = params["attribute[submitted_at]"];
    CHECK(submitted_at.substr(0, 16) >= iso8601_local(before).substr(0, 16));
    CHECK_THAT(submitted_at, Catch::EndsWith("+07:00"));
    CHECK_FALSE(params.contains("attribute[consent_version]"));  // no name given, so no consent asked
    CHECK_FALSE(params.contains("attribute[answer_due]"));
}

TEST_CASE("A queue number with a name carries the consent version of the Indonesian text shown", "[e2e][facts]") {
    test::Open311Peer peer;
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(), R"(tap start
tap lang-id
tap ANTRIAN
tap next
tap desk_service=PPID
tap full_name
type Nur'aini
tap next
tap consent
tap next
tap submit
wait-for A-001 10000
)", {"--data-dir", dir.path() + "/data", "--server", peer.base_url()});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    const auto& params = received[0]["params"];
    CHECK(params["attribute[language]"] == "id");
    CHECK(params["attribute[clock_synced]"] == "true");  // headless runs simulate a synchronised clock
    CHECK(params["last_name"] == "Nur'aini");
    const std::string version = test::read_text_file(TEST_ASSETS_DIR "/consent/current");
    CHECK_THAT(params.value("attribute[consent_version]", ""),
               Catch::StartsWith(version.substr(0, version.find('\n')) + "/id sha256:"));
}
