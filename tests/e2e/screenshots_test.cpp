// Visits every screen in both languages and saves a screenshot of each (tests/e2e/screens/<lang>/*.png).
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

TEST_CASE("Every screen is rendered and saved in both languages", "[e2e][screens]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const std::string out = std::string(TEST_BINARY_DIR) + "/tests/e2e/screens/" + language;
    std::filesystem::create_directories(out);
    const std::string script = test::journey_script("screens_tour.txt", language, {{"OUT", out}});
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
