// Command-line options override the configuration as SPEC §9 names them.
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk/core/options.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;

TEST_CASE("Every SPEC §9 option is understood", "[core][options]") {
    // Plain http:// is refused unless the configuration allows it (issue 12); this loopback URL is allowed.
    test::TempDir dir;
    std::ofstream(dir.path() + "/insecure.conf") << "[server]\nallow_insecure = true\n";
    auto o = parse_options({"--headless", "--config", dir.path() + "/insecure.conf", "--data-dir", "/tmp/d", "--server",
                            "http://127.0.0.1:9/v2", "--printer", "cups:ticket", "--scanner", "sim", "--lang", "en",
                            "--script", "s.txt"});
    REQUIRE(o);
    CHECK(o->headless);
    CHECK(o->script == "s.txt");
    auto c = resolve_config(*o);
    REQUIRE(c);
    CHECK(c->data_dir == "/tmp/d");
    CHECK(c->server_url == "http://127.0.0.1:9/v2");
    CHECK(c->printer == "cups:ticket");
    CHECK(c->language == "en");
}

TEST_CASE("Simulation keeps data and tickets in a local folder", "[core][options]") {
    auto c = resolve_config(*parse_options({"--simulate"}));
    REQUIRE(c);
    CHECK(c->data_dir == "anjungan-data");
    CHECK(c->printer == "sim:anjungan-data/tickets");
    CHECK_FALSE(c->fullscreen);
    auto moved = resolve_config(*parse_options({"--simulate", "--data-dir", "/tmp/x"}));
    CHECK(moved->printer == "sim:/tmp/x/tickets");
}

TEST_CASE("Simulation updates from a folder in the data folder with a simulated RAUC and backlight",
          "[core][options]") {
    auto c = resolve_config(*parse_options({"--simulate", "--data-dir", "/tmp/x"}));
    REQUIRE(c);
    CHECK(c->update_dir == "/tmp/x/usb");
    CHECK(c->rauc == "sim");
    CHECK(c->backlight == "sim");
    auto device = resolve_config(*parse_options({"--data-dir", "/tmp/x"}));
    REQUIRE(device);
    CHECK(device->update_dir == "/run/usb");
    CHECK(device->rauc == "rauc");
}

TEST_CASE("Bad options and bad override values are refused", "[core][options]") {
    CHECK_FALSE(parse_options({"--frobnicate"}));
    CHECK_FALSE(parse_options({"--server"}));
    auto bad = resolve_config(*parse_options({"--lang", "fr"}));
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Contains("ui.language"));
}

TEST_CASE("A config file is read before the command line overrides it", "[core][options]") {
    test::TempDir dir;
    const std::string path = dir.path() + "/kiosk.conf";
    std::ofstream(path) << "[ui]\nlanguage = en\n[kiosk]\nid = SPT-9\n";
    auto c = resolve_config(*parse_options({"--config", path, "--lang", "id"}));
    REQUIRE(c);
    CHECK(c->kiosk_id == "SPT-9");
    CHECK(c->language == "id");
}

TEST_CASE("Option values of 50 KB are refused with a clear error instead of crashing", "[core][options]") {
    const std::string huge(50 * 1024, 'a');
    for (const char* option : {"--data-dir", "--server", "--config", "--script", "--printer", "--lang"}) {
        INFO(option);
        const auto o = parse_options({option, huge});
        REQUIRE_FALSE(o);
        CHECK(o.error().message.find(std::string("option ") + option + ": the value is longer than 4096") == 0);
    }
}

TEST_CASE("A plain http:// server is refused unless the configuration allows it", "[core][options]") {
    const auto refused = resolve_config(*parse_options({"--server", "http://lapor.example.go.id/open311/v2"}));
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Contains("server.url"));
    CHECK_THAT(refused.error().message, Contains("server.allow_insecure = true"));
    CHECK(resolve_config(*parse_options({"--server", "https://lapor.example.go.id/open311/v2"})));
}
