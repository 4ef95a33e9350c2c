// Configuration: defaults, the file format, validation messages naming key and line, and the sample file.
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk/core/config.h"

using Catch::Matchers::Contains;

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
    CHECK_THAT(s.error().message, Contains("ui.idle_timeout_s"));
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
        CHECK_THAT(s.error().message, Contains("devices.printer_uri"));
        CHECK_THAT(s.error().message, Contains("CUPS device URI"));
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
    CHECK_THAT(s.error().message, Contains("ADUAN_KONTEN"));
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
    CHECK_THAT(s.error().message, Contains("/nonexistent/kiosk.conf"));
}

TEST_CASE("Values of 50 KB are refused with a clear error instead of crashing", "[core][config]") {
    Config c = default_config();
    const std::string huge(50 * 1024, 'a');
    for (const char* key : {"kiosk.data_dir", "ui.font", "ticket.tracking_base", "kiosk.timezone", "server.url",
                            "office.hours", "kiosk.location", "devices.printer_uri", "technician.card_public_key"}) {
        INFO(key);
        for (const std::string& value : {huge, "https://" + huge, huge + ".ttf", "Asia/" + huge}) {
            const auto s = set_config_value(c, key, value);
            REQUIRE_FALSE(s);
            CHECK(s.error().message.find(std::string("key '") + key + "'") == 0);
            CHECK(s.error().message.size() < 1000);
        }
    }
    const auto in_file = parse_config(c, "[kiosk]\ndata_dir = " + huge + "\n", "kiosk.conf");
    REQUIRE_FALSE(in_file);
    CHECK(in_file.error().message.find("kiosk.conf:2: key 'kiosk.data_dir': expected at most 4096 characters") == 0);
    CHECK_FALSE(parse_config(c, "[" + huge + "]\n" + huge + " = 1\n", "kiosk.conf"));
}

TEST_CASE("An unknown time zone is refused instead of running the kiosk in UTC", "[core][config]") {
    Config c = default_config();
    REQUIRE(set_config_value(c, "kiosk.timezone", "Asia/Jakrta"));  // a well-formed name ...
    const auto s = validate_config(c);
    REQUIRE_FALSE(s);  // ... that the tz database does not know
    CHECK(s.error().message.find("key 'kiosk.timezone': no time zone 'Asia/Jakrta'") == 0);
    for (const char* zone : {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC", "Etc/GMT-7"}) {
        INFO(zone);
        REQUIRE(set_config_value(c, "kiosk.timezone", zone));
        CHECK(validate_config(c));
    }
    for (const char* zone : {"../../etc/passwd", "/etc/localtime", "Asia//Jakarta", "Asia/", "7/Asia"}) {
        INFO(zone);
        CHECK_FALSE(set_config_value(c, "kiosk.timezone", zone));
    }
}

TEST_CASE("A key given twice in a file is an error naming both lines", "[core][config]") {
    Config c = default_config();
    const auto s = parse_config(c, "[ui]\nlanguage = en\n[kiosk]\nid = A-1\n[ui]\nlanguage = id\n", "kiosk.conf");
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "kiosk.conf:6: key 'ui.language' is given twice (first on line 2)");
}

TEST_CASE("A plain http:// server URL is accepted only with server.allow_insecure", "[core][config]") {
    Config c = default_config();
    CHECK_FALSE(c.allow_insecure);
    REQUIRE(set_config_value(c, "server.url", "http://127.0.0.1:8080/v2"));
    const auto refused = validate_config(c);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("key 'server.url': plain http://") == 0);
    REQUIRE(parse_config(c, "[server]\nallow_insecure = true\n", "kiosk.conf"));
    CHECK(validate_config(c));
    REQUIRE(set_config_value(c, "server.url", "https://lapor.example.go.id/open311/v2"));
    REQUIRE(set_config_value(c, "server.allow_insecure", "false"));
    CHECK(validate_config(c));
}

TEST_CASE("Hand-written checks accept what the patterns accepted and refuse the rest", "[core][config]") {
    Config c = default_config();
    CHECK(set_config_value(c, "server.public_key_pin", "sha256//" + std::string(43, 'A') + "=;sha256//" + std::string(44, 'b')));
    CHECK_FALSE(set_config_value(c, "server.public_key_pin", "sha256//" + std::string(43, 'A')));
    CHECK_FALSE(set_config_value(c, "server.public_key_pin", "sha256//" + std::string(44, 'A') + ";"));
    CHECK(set_config_value(c, "ui.font", "/usr/share/fonts/x.otf"));
    CHECK_FALSE(set_config_value(c, "ui.font", ".ttf"));
    CHECK_FALSE(set_config_value(c, "ui.font", "/usr/share/fonts/x.ttf.bak"));
    CHECK(set_config_value(c, "ticket.logo", ""));
    CHECK_FALSE(set_config_value(c, "ticket.logo", "logo.jpg"));
    CHECK(set_config_value(c, "ticket.tracking_base", "https://lapor.kotimkab.go.id/tiket?src=kiosk&id=1"));
    CHECK_FALSE(set_config_value(c, "ticket.tracking_base", "https://lapor kotimkab"));
    CHECK_FALSE(set_config_value(c, "ticket.tracking_base", "https://"));
    CHECK(set_config_value(c, "server.url", "https://[::1]:8443/open311/v2"));
    CHECK_FALSE(set_config_value(c, "server.url", "https://"));
    CHECK_FALSE(set_config_value(c, "server.url", "https://host/a b"));
    CHECK(set_config_value(c, "kiosk.number_prefix", ""));
    CHECK_FALSE(set_config_value(c, "kiosk.number_prefix", "ab"));
    CHECK_FALSE(set_config_value(c, "kiosk.location", "line\x01break"));
    CHECK_FALSE(set_config_value(c, "numbering.service_letters", "LAPOR:LL"));
    CHECK_FALSE(set_config_value(c, "numbering.service_letters", ":L"));
}

TEST_CASE("A long bad entry in the hours or holidays is quoted short (found by config_fuzz)", "[core][config]") {
    Config c = default_config();
    for (const char* key : {"office.hours", "office.holidays"}) {
        INFO(key);
        const auto s = set_config_value(c, key, std::string(4000, 'x'));
        REQUIRE_FALSE(s);
        CHECK(s.error().message.size() < 400);
    }
}
