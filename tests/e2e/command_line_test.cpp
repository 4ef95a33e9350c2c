// The kiosk's command line: configuration errors and failing script lines give clear messages and exit codes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;

TEST_CASE("A bad configuration file stops the kiosk with the key and line", "[e2e][config]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nidle_timeout_s = never\n";
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n", {"--config", dir.path() + "/kiosk.conf"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.log, Contains("kiosk.conf:2:"));
    CHECK_THAT(run.log, Contains("ui.idle_timeout_s"));
}

TEST_CASE("A script fails on the first line whose target is not visible, naming that line", "[e2e][script]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n# comment\ntap submit\nexpect start\n",
                                            {"--data-dir", dir.path() + "/data"});
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.log, Contains("line 3: tap submit"));
}

TEST_CASE("Idle on a form asks, then returns to the attract screen", "[e2e][script]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-en\ntap ANTRIAN\ntap next\ntap desk_service=PPID\n"
                                            "idle 61\nwait-for Are you still there? 3000\nidle 16\n"
                                            "wait-for start 3000\nexpect-not desk_service=PPID\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("Typing goes through the on-screen keyboard key by key", "[e2e][script]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-id\ntap ANTRIAN\ntap next\ntap full_name\ntype Siti Aminah\n"
                                            "expect Siti Aminah\ntap key:backspace\nexpect Siti Amina\nexpect-not Siti Aminah\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("Outside the desk's hours no queue number is issued but complaints still are", "[e2e][hours]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/closed.conf") << "[office]\nhours = \"\"\n";
    const auto run = test::run_kiosk_script(dir.path(),
                                            "expect The desk is closed\ntap start\ntap lang-en\ntap ANTRIAN\n"
                                            "expect The desk is closed\nexpect Queue numbers are issued only\ntap back\ntap LAPOR\n"
                                            "expect next\n",
                                            {"--data-dir", dir.path() + "/data", "--config", dir.path() + "/closed.conf",
                                             "--lang", "en"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("With speech on the screen titles and the ticket number are read aloud", "[e2e][speech]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap speech\ntap lang-en\ntap ANTRIAN\ntap next\n"
                                            "tap desk_service=PPID\ntap next\ntap submit\nwait-for A-001 10000\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("speech: Choose a service"));
    CHECK_THAT(run.log, Contains("speech: Your number A-001"));
}

namespace {

// The shipped catalogue with one wrong JSON type: LAPOR's first attribute says "required": "yes".
std::string catalogue_with_wrong_type() {
    auto catalogue = nlohmann::json::parse(test::read_text_file(TEST_ASSETS_DIR "/services.json"));
    catalogue[0]["attributes"][0]["required"] = "yes";
    return catalogue.dump();
}

}  // namespace

TEST_CASE("A configured catalogue with a wrong JSON type stops the kiosk with a clear error, not an abort",
          "[e2e][config]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/services.json") << catalogue_with_wrong_type();
    std::ofstream(dir.path() + "/kiosk.conf") << "[ticket]\ncatalogue = " << dir.path() << "/services.json\n";
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n",
                                            {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.log, Contains("service 'LAPOR': attribute 'kind': 'required' must be true or false"));
}

TEST_CASE("A bad catalogue from the server is refused and the last good one kept, also on the next start",
          "[e2e][config]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/bad-services.json") << catalogue_with_wrong_type();
    test::Open311Peer peer(test::Open311Peer::Options{.services = dir.path() + "/bad-services.json"});
    std::filesystem::create_directories(dir.path() + "/data");
    const std::string saved = dir.path() + "/data/catalogue.json";
    const std::string last_good = test::read_text_file(TEST_ASSETS_DIR "/services.json");
    std::ofstream(saved) << last_good;
    for (int start = 0; start < 2; ++start) {
        const auto run = test::run_kiosk_script(dir.path(), "expect start\nwait 1500\ntap start\ntap lang-en\nexpect LAPOR\n",
                                                {"--data-dir", dir.path() + "/data", "--server", peer.base_url()});
        INFO(run.log);
        CHECK(run.exit_code == 0);
        CHECK_THAT(run.log, Contains("catalogue not refreshed, keeping the last good one: the server's catalogue is invalid: "
                           "service 'LAPOR': attribute 'kind': 'required' must be true or false"));
        CHECK(test::read_text_file(saved) == last_good);
    }
}

TEST_CASE("The data folder the kiosk creates and its outbox are readable by the kiosk user alone", "[e2e][config]") {
    test::TempDir dir;
    const std::string data = dir.path() + "/anjungan-data";
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n", {"--data-dir", data});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    namespace fs = std::filesystem;
    CHECK(fs::status(data).permissions() == fs::perms::owner_all);
    for (const auto& entry : fs::directory_iterator(data)) {
        if (entry.path().filename().string().rfind("outbox.sqlite", 0) != 0) continue;
        INFO(entry.path());
        CHECK((entry.status().permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    }
    CHECK(fs::exists(data + "/outbox.sqlite"));
}

TEST_CASE("Option and configuration values of 50 KB stop the kiosk with a clear error, not a crash", "[e2e][config]") {
    test::TempDir dir;
    const std::string huge(50 * 1024, 'a');
    for (const char* option : {"--data-dir", "--server"}) {
        INFO(option);
        const auto run = test::run_kiosk_script(dir.path(), "expect start\n", {option, huge});
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.log, Contains("the value is longer than 4096 characters"));
    }
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nfont = " << huge << ".ttf\n";
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n", {"--config", dir.path() + "/kiosk.conf"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.log, Contains("kiosk.conf:2: key 'ui.font': expected at most 4096 characters"));
}
