// Configuration: defaults, the file format, validation messages naming key and line, and the sample file.
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk/core/config.h"

using namespace anjungan;

TEST_CASE("Every key has a valid default", "[core][config]") {
    const Config c = default_config();
    CHECK(c.kiosk_id == "KTM-MPP-01");
    CHECK(c.idle_timeout_s == 60);
    CHECK(c.idle_countdown_s == 15);
    CHECK(c.letter_for("ANTRIAN") == "A");
    CHECK(c.letter_for("LAPOR") == "L");
    CHECK(validate_config(c));
}

TEST_CASE("A file overrides defaults key by key", "[core][config]") {
    Config c = default_config();
    const auto s = parse_config(c, "# comment\n[kiosk]\nid = SPT-02\nnumber_prefix = \"2\"\n\n[ui]\nidle_timeout_s=90\n"
                                   "fullscreen = no\n",
                                "test.conf");
    REQUIRE(s);
    CHECK(c.kiosk_id == "SPT-02");
    CHECK(c.number_prefix == "2");
    CHECK(c.idle_timeout_s == 90);
    CHECK_FALSE(c.fullscreen);
}

TEST_CASE("A bad value is refused with the file, line and key", "[core][config]") {
    Config c = default_config();
    const auto s = parse_config(c, "[ui]\n\nidle_timeout_s = soon\n", "kiosk.conf");
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("kiosk.conf:3:") == 0);
    CHECK(s.error().message.find("ui.idle_timeout_s") != std::string::npos);
    CHECK(c.idle_timeout_s == 60);
}

TEST_CASE("Unknown keys, keys outside a section and malformed lines are errors", "[core][config]") {
    Config c = default_config();
    CHECK_FALSE(parse_config(c, "[ui]\nidle_timout_s = 5\n", "f"));
    CHECK_FALSE(parse_config(c, "id = x\n", "f"));
    CHECK_FALSE(parse_config(c, "[kiosk\n", "f"));
    CHECK_FALSE(parse_config(c, "[kiosk]\njust words\n", "f"));
}

TEST_CASE("Values are validated by type and range", "[core][config]") {
    Config c = default_config();
    CHECK_FALSE(set_config_value(c, "ui.idle_timeout_s", "5"));
    CHECK_FALSE(set_config_value(c, "ui.idle_timeout_s", "99999999999999999999"));
    CHECK_FALSE(set_config_value(c, "ui.language", "fr"));
    CHECK_FALSE(set_config_value(c, "server.url", "ftp://x"));
    CHECK(set_config_value(c, "server.url", "https://lapor.example.go.id/open311/v2"));
    CHECK_FALSE(set_config_value(c, "devices.printer", "usb:/dev/lp0"));
    CHECK(set_config_value(c, "devices.printer", "cups:ticket"));
    CHECK_FALSE(set_config_value(c, "numbering.service_letters", "LAPOR:L,PPID:L"));
    CHECK_FALSE(set_config_value(c, "kiosk.id", "bad id with spaces"));
    CHECK_FALSE(set_config_value(c, "devices.paper_width_mm", "120"));
}

TEST_CASE("The ticket printer URI is empty or a CUPS device URI and a bad one is refused in plain words",
          "[core][config]") {
    Config c = default_config();
    CHECK(c.printer_uri.empty());
    for (const char* uri : {"", "usb://EPSON/TM-T20III?serial=X4B1234567", "socket://192.168.1.50:9100",
                            "ipp://printer.local/ipp/print", "ipps://printer.local:631/ipp/print",
                            "serial:/dev/ttyS1?baud=115200", "anjtest:/ticket"}) {
        INFO(uri);
        CHECK(set_config_value(c, "devices.printer_uri", uri));
    }
    for (const char* uri : {"/dev/usb/lp0", "usb", "usb:", "9100:socket", "socket://printer 9100", "ipp://a\tb",
                            "-usb://x", "usb://EPSON/TM\x7f"}) {
        INFO(uri);
        const auto s = set_config_value(c, "devices.printer_uri", uri);
        REQUIRE_FALSE(s);
        CHECK(s.error().message.find("devices.printer_uri") != std::string::npos);
        CHECK(s.error().message.find("CUPS device URI") != std::string::npos);
    }
    const auto in_file = parse_config(c, "[devices]\nprinter_uri = socket://10.0.0.5 9100\n", "kiosk.conf");
    REQUIRE_FALSE(in_file);
    CHECK(in_file.error().message.find("kiosk.conf:2:") == 0);
    CHECK(c.printer_uri == "anjtest:/ticket");
}

TEST_CASE("The ticket printer PPD is empty or a PPD file path", "[core][config]") {
    Config c = default_config();
    CHECK(c.printer_ppd.empty());
    CHECK(set_config_value(c, "devices.printer_ppd", "/var/lib/anjungan/tm-t20.ppd"));
    CHECK(set_config_value(c, "devices.printer_ppd", "/usr/share/ppd/epson/tm-t20.ppd.gz"));
    CHECK(set_config_value(c, "devices.printer_ppd", ""));
    CHECK_FALSE(set_config_value(c, "devices.printer_ppd", "/var/lib/anjungan/driver.tar"));
    CHECK_FALSE(set_config_value(c, "devices.printer_ppd", "raw"));
}

TEST_CASE("Letters must cover every service", "[core][config]") {
    Config c = default_config();
    REQUIRE(set_config_value(c, "numbering.service_letters", "LAPOR:L,PPID:P"));
    const auto s = validate_config(c);
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("ADUAN_KONTEN") != std::string::npos);
}

TEST_CASE("The generated sample parses back to the defaults and matches assets/kiosk.conf", "[core][config]") {
    Config c = default_config();
    REQUIRE(parse_config(c, sample_config_text(), "sample"));
    CHECK(c.tracking_base == default_config().tracking_base);
    std::ifstream file(TEST_ASSET_DIR "/kiosk.conf");
    REQUIRE(file);
    const std::string shipped((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(shipped == sample_config_text());  // regenerate with: kiosk --print-config > assets/kiosk.conf
}

TEST_CASE("A missing or binary file is a clear error", "[core][config]") {
    Config c = default_config();
    const auto s = load_config_file(c, "/nonexistent/kiosk.conf");
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("/nonexistent/kiosk.conf") != std::string::npos);
}
