// Visits every screen in both languages and saves a screenshot of each (tests/e2e/screens/<lang>/*.png).
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

std::string tour(const std::string& out) {
    auto shot = [&](const std::string& name) { return "screenshot " + out + "/" + name + ".png\n"; };
    return shot("01-attract") + "tap start\n" + shot("02-language") + "tap lang-%LANG%\n" + shot("03-home") +
           "tap PPID\n" + shot("04-intro") + "tap next\ntap next\n" + shot("05-form-error") + "tap full_name\n" +
           "type Ahmad\n" + shot("06-keyboard") + "tap key:enter\ntap back\ntap back\ntap ANTRIAN\ntap next\n" +
           "tap desk_service=LAPOR\ntap full_name\ntype Ani\ntap key:enter\ntap next\n" + shot("07-consent") +
           "tap consent\ntap next\n" + shot("08-review") + "tap submit\nwait-for A-001 10000\n" + shot("09-ticket") +
           "tap done\n" + shot("10-thank-you") + "tap done\ntap start\ntap lang-%LANG%\ntap check-ticket\n" +
           shot("11-check-ticket") + "type KTM\ntap next\nwait 1000\n" + shot("12-ticket-status") +
           "tap done\ntap start\ntap lang-%LANG%\ntap LAPOR\nidle 61\nwait 300\n" + shot("13-still-there") +
           "idle 16\ntap start\ntap lang-%LANG%\ntap call-officer\n" +
           "wait 500\n" + shot("14-officer-called");
}

}  // namespace

TEST_CASE("Every screen is rendered and saved in both languages", "[e2e][screens]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const std::string out = std::string(TEST_BINARY_DIR) + "/tests/e2e/screens/" + language;
    std::filesystem::create_directories(out);
    std::string script = tour(out);
    for (auto at = script.find("%LANG%"); at != std::string::npos; at = script.find("%LANG%"))
        script.replace(at, 6, language);
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(), script, {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    int shots = 0;
    for (const auto& f : std::filesystem::directory_iterator(out)) {
        CHECK(std::filesystem::file_size(f.path()) > 5000);
        ++shots;
    }
    CHECK(shots == 14);
}
