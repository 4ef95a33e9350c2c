// A USB keyboard in a public kiosk's port types nothing into a visitor's form, unless the office allows one
// (devices.physical_keyboard); then it types only what the field's own keys could.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

// To the LAPOR title field, where the keyboard is open.
const std::string kToTitle = "tap start\ntap lang-id\ntap LAPOR\ntap next\ntap kind=aspirasi\ntap title\n";

test::KioskRun run_with_keyboard(bool allowed, const std::string& script) {
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[devices]\nphysical_keyboard = " << (allowed ? "true" : "false")
                                              << "\n";
    return test::run_kiosk_script(dir.path(), script,
                                  {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"}, 60);
}

}  // namespace

TEST_CASE("A USB keyboard types nothing into the form when the configuration does not allow one",
          "[e2e][keyboard][security]") {
    const auto run = run_with_keyboard(false, kToTitle + "keyboard Jalan rusak\nwait 300\nexpect-not Jalan rusak\n"
                                                         "type Jalan\nexpect Jalan\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("An allowed USB keyboard types into the focused field, deletes with Backspace and moves on with Enter",
          "[e2e][keyboard]") {
    const auto run = run_with_keyboard(true, kToTitle + "keyboard Jalan rusakk\\x08 di Jl. Yani 5/12\nwait 300\n"
                                                        "expect Jalan rusak di Jl. Yani 5/12\n"
                                                        "keyboard \\n\nwait 300\nexpect-not key:enter\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("An allowed USB keyboard types no letters into a number field", "[e2e][keyboard]") {
    const auto run = run_with_keyboard(true, kToTitle + "keyboard Judul\\n\nwait 300\ntap chronology\n"
                                                        "keyboard Kronologi\\n\ntap next\ntap incident_date\n"
                                                        "keyboard ab16-11-2026\nwait 300\nexpect 16-11-2026\n"
                                                        "expect-not ab16-11-2026\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
}
