// The kiosk's command line: configuration errors and failing script lines give clear messages and exit codes.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

TEST_CASE("A bad configuration file stops the kiosk with the key and line", "[e2e][config]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nidle_timeout_s = never\n";
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n", {"--config", dir.path() + "/kiosk.conf"});
    CHECK(run.exit_code == 2);
    CHECK(run.log.find("kiosk.conf:2:") != std::string::npos);
    CHECK(run.log.find("ui.idle_timeout_s") != std::string::npos);
}

TEST_CASE("A script fails on the first line whose target is not visible, naming that line", "[e2e][script]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(), "expect start\n# comment\ntap submit\nexpect start\n",
                                            {"--data-dir", dir.path() + "/data"});
    CHECK(run.exit_code == 1);
    CHECK(run.log.find("line 3: tap submit") != std::string::npos);
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
    CHECK(run.log.find("speech: Choose a service") != std::string::npos);
    CHECK(run.log.find("speech: Your number A-001") != std::string::npos);
}
