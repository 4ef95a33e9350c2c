// Brightness through a sysfs backlight folder (a fixture with brightness and max_brightness) or simulated.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kiosk/maintenance/backlight.h"
#include "tests/maintenance/fake_programs.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;

TEST_CASE("A sysfs backlight is read and set in percent of its maximum, never fully dark", "[maintenance][backlight]") {
    test::TempDir dir;
    const std::string device = dir.path() + "/intel_backlight";
    std::filesystem::create_directories(device);
    test::write_file(device + "/max_brightness", "19393\n");
    test::write_file(device + "/brightness", "9696\n");
    auto backlight = make_backlight("auto", dir.path());
    CHECK(backlight->describe() == device);
    CHECK(*backlight->brightness() == 50);
    REQUIRE(backlight->set_brightness(80));
    CHECK(test::read_text_file(device + "/brightness") == "15514\n");
    REQUIRE(backlight->set_brightness(0));
    CHECK(test::read_text_file(device + "/brightness") == "1\n");
}

TEST_CASE("Without a backlight device the brightness is simulated", "[maintenance][backlight]") {
    test::TempDir dir;
    auto backlight = make_backlight("auto", dir.path() + "/none");
    REQUIRE(backlight->set_brightness(40));
    CHECK(*backlight->brightness() == 40);
    CHECK_FALSE(make_backlight(dir.path() + "/missing")->brightness());
}
