// Settings kept over the configuration, recent log lines, reboot and delivery retry.
#include <catch2/catch.hpp>

#include "kiosk/core/options.h"
#include "kiosk/core/settings_file.h"
#include "kiosk/maintenance/device_actions.h"
#include "tests/maintenance/fake_programs.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;
using Catch::Matchers::Contains;

TEST_CASE("A setting is validated by the config table, kept in the data folder and wins over the configuration "
          "at the next start", "[maintenance][settings]") {
    test::TempDir dir;
    test::write_file(dir.path() + "/kiosk.conf", "[ui]\nvolume = 30\nidle_timeout_s = 90\n");
    Options options;
    options.config_file = dir.path() + "/kiosk.conf";
    options.overrides = {{"kiosk.data_dir", dir.path()}};
    auto config = resolve_config(options);
    REQUIRE(config);
    SimBacklight backlight;
    REQUIRE(change_setting(*config, "ui.volume", "85", backlight));
    REQUIRE(change_setting(*config, "ui.brightness", "60", backlight));
    CHECK(*backlight.brightness() == 60);
    const auto bad = change_setting(*config, "ui.idle_timeout_s", "5", backlight);
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Contains("expected a whole number from 10 to 3600"));
    const auto not_setting = change_setting(*config, "server.url", "https://evil.example", backlight);
    REQUIRE_FALSE(not_setting);
    CHECK_THAT(not_setting.error().message, Contains("not a setting"));

    auto restarted = resolve_config(options);
    REQUIRE(restarted);
    CHECK(restarted->volume == 85);
    CHECK(restarted->brightness == 60);
    CHECK(restarted->idle_timeout_s == 90);  // untouched: the configuration's
    const auto settings = current_settings(*restarted);
    REQUIRE(settings);
    CHECK((*settings)[1].key == "ui.volume");
    CHECK((*settings)[1].value == "85");
    CHECK((*settings)[1].overridden);
    CHECK_FALSE((*settings)[3].overridden);
}

TEST_CASE("Recent log lines come from the kiosk unit's journal", "[maintenance][logs]") {
    test::TempDir dir;
    test::ScopedEnv env("ANJUNGAN_JOURNALCTL",
                        test::write_script(dir.path() + "/journalctl", "echo \"$*\"; echo 'anjungan: sender: delivered'\n"));
    const auto lines = recent_log_lines(20);
    REQUIRE(lines);
    REQUIRE(lines->size() == 2);
    CHECK((*lines)[0] == "--unit anjungan-kiosk.service --lines 20 --no-pager --output short-iso");
    test::ScopedEnv broken("ANJUNGAN_JOURNALCTL", test::write_script(dir.path() + "/j2", "echo 'no journal' >&2; exit 1\n"));
    CHECK_THAT(recent_log_lines(5).error().message, Contains("no journal"));
}

TEST_CASE("Reboot asks systemd and says when it refuses", "[maintenance][reboot]") {
    test::TempDir dir;
    test::ScopedEnv env("ANJUNGAN_SYSTEMCTL", test::write_script(dir.path() + "/systemctl",
                                                                  "echo \"$*\" > " + dir.path() + "/called\n"));
    REQUIRE(reboot_device());
    CHECK(test::read_text_file(dir.path() + "/called") == "reboot\n");
    test::ScopedEnv refused("ANJUNGAN_SYSTEMCTL", test::write_script(dir.path() + "/s2", "echo 'Access denied' >&2; exit 1\n"));
    CHECK_THAT(reboot_device().error().message, Contains("Access denied"));
}

TEST_CASE("A simulated reboot (devices.reboot = sim, the simulator's) never asks systemd, and the default does",
          "[maintenance][reboot]") {
    test::TempDir dir;
    test::ScopedEnv env("ANJUNGAN_SYSTEMCTL", test::write_script(dir.path() + "/systemctl",
                                                                  "echo \"$*\" >> " + dir.path() + "/called\n"));
    Options options;
    options.simulate = true;
    options.overrides = {{"kiosk.data_dir", dir.path()}};
    auto config = resolve_config(options);
    REQUIRE(config);
    CHECK(config->reboot == "sim");
    bool simulated = false;
    REQUIRE(reboot_as_configured(*config, simulated));
    CHECK(simulated);
    CHECK(test::read_text_file(dir.path() + "/called").empty());
    CHECK(default_config().reboot == "systemctl");
    REQUIRE(reboot_as_configured(default_config(), simulated));
    CHECK_FALSE(simulated);
    CHECK(test::read_text_file(dir.path() + "/called") == "reboot\n");
}

TEST_CASE("Retry delivery queues a rejected request again and names one that is not there", "[maintenance][outbox]") {
    test::TempDir dir;
    ManualClock clock(from_unix_seconds(1796000000));
    auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
    REQUIRE(outbox);
    const auto row = (*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""});
    REQUIRE((*outbox)->mark_rejected(row->id, "HTTP 400"));
    CHECK(*retry_delivery(**outbox, row->reference) == "1 request(s) will be sent at the kiosk's next attempt (within a minute)");
    CHECK((*(*outbox)->find(row->reference))->state == DeliveryState::Queued);
    CHECK_THAT(retry_delivery(**outbox, "NOPE").error().message, Contains("no queued or rejected request NOPE"));
}
