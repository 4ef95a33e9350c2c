// The settings override file: validated by the config table, loaded over the configuration, the command line last.
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk/core/options.h"
#include "kiosk/core/settings_file.h"
#include "tests/support/process.h"

using namespace anjungan;
using Catch::Matchers::Contains;

TEST_CASE("A saved setting keeps the file's other settings and leaves the file private", "[core][settings]") {
    test::TempDir dir;
    Config config = default_config();
    const std::string path = settings_file_path(dir.path());
    REQUIRE(save_setting(config, path, "ui.idle_countdown_s", "20"));
    REQUIRE(save_setting(config, path, "ui.language", "en"));
    REQUIRE(save_setting(config, path, "ui.language", "id"));
    CHECK(config.idle_countdown_s == 20);
    const auto values = read_settings_file(path);
    REQUIRE(values);
    CHECK(*values == std::vector<std::pair<std::string, std::string>>{{"ui.language", "id"}, {"ui.idle_countdown_s", "20"}});
    const auto bad = save_setting(config, path, "ui.idle_countdown_s", "1");
    REQUIRE_FALSE(bad);
    CHECK(config.idle_countdown_s == 20);
    CHECK(read_settings_file(path)->size() == 2);
}

TEST_CASE("The command line still wins over a technician's setting", "[core][settings]") {
    test::TempDir dir;
    Config config = default_config();
    config.data_dir = dir.path();
    REQUIRE(save_setting(config, settings_file_path(dir.path()), "ui.language", "en"));
    Options options;
    options.overrides = {{"kiosk.data_dir", dir.path()}, {"ui.language", "id"}};
    CHECK(resolve_config(options)->language == "id");
    options.overrides = {{"kiosk.data_dir", dir.path()}};
    CHECK(resolve_config(options)->language == "en");
}

TEST_CASE("A settings file with another key is refused at start, naming the file and line", "[core][settings]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/settings.conf") << "[ui]\nvolume = 50\n[server]\nurl = http://x\n";
    Options options;
    options.overrides = {{"kiosk.data_dir", dir.path()}};
    const auto config = resolve_config(options);
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error().message, Contains("settings.conf:4: 'server.url' is not a setting"));
}

