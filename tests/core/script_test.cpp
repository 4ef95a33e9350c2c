// Automation scripts: every command of SPEC §9, comments, and scan escapes.
#include <catch2/catch.hpp>

#include "kiosk/core/script.h"

using namespace anjungan;
using K = ScriptCommand::Kind;

TEST_CASE("Every script command parses with its argument", "[core][script]") {
    const auto script = parse_script(
        "# a journey\n"
        "tap start\n"
        "type Siti Aminah\n"
        "scan https://x/KTM-01\n"
        "wait 250\n"
        "idle 75\n"
        "expect Pilih layanan\n"
        "expect-not A-002\n"
        "wait-for Silakan ambil tiket 3000\n"
        "screenshot out/ticket.png\n"
        "hold tech-corner 3500\n");
    REQUIRE(script);
    const auto& c = *script;
    REQUIRE(c.size() == 10);
    CHECK((c[0].kind == K::Tap && c[0].text == "start" && c[0].line == 2));
    CHECK((c[1].kind == K::Type && c[1].text == "Siti Aminah"));
    CHECK((c[2].kind == K::Scan && c[2].text == "https://x/KTM-01"));
    CHECK((c[3].kind == K::Wait && c[3].number == 250));
    CHECK((c[4].kind == K::Idle && c[4].number == 75));
    CHECK((c[5].kind == K::Expect && c[5].text == "Pilih layanan"));
    CHECK((c[6].kind == K::ExpectNot && c[6].text == "A-002"));
    CHECK((c[7].kind == K::WaitFor && c[7].text == "Silakan ambil tiket" && c[7].number == 3000));
    CHECK((c[8].kind == K::Screenshot && c[8].text == "out/ticket.png"));
    CHECK((c[9].kind == K::Hold && c[9].text == "tech-corner" && c[9].number == 3500));
}

TEST_CASE("A hold names its target and how long it is held", "[core][script]") {
    const auto held = parse_script("hold Mulai sekarang 1200\n");
    REQUIRE(held);
    CHECK(((*held)[0].text == "Mulai sekarang" && (*held)[0].number == 1200));
    for (const char* bad : {"hold tech-corner\n", "hold 3000\n", "hold tech-corner long\n", "hold\n"}) {
        INFO(bad);
        const auto parsed = parse_script(bad);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message.find("line 1: hold needs a target and a time in ms") == 0);
    }
}

TEST_CASE("Script errors name the line", "[core][script]") {
    auto bad = parse_script("tap start\n\nfly away\n");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("line 3:") == 0);
    CHECK_FALSE(parse_script("wait soon\n"));
    CHECK_FALSE(parse_script("wait-for A-001\n"));
    CHECK_FALSE(parse_script("tap\n"));
}

TEST_CASE("Scan payloads decode the escapes of SPEC §9", "[core][script]") {
    CHECK(*decode_scan_escapes(R"(a\x41\r\n\t\\b)") == "aA\r\n\t\\b");
    CHECK(*decode_scan_escapes(R"(\x00)") == std::string(1, '\0'));
    CHECK_FALSE(decode_scan_escapes(R"(\q)"));
    CHECK_FALSE(decode_scan_escapes(R"(\x4)"));
    CHECK_FALSE(decode_scan_escapes("end\\"));
    const auto script = parse_script("scan  two  spaces\\x1b\n");
    REQUIRE(script);
    CHECK((*script)[0].text == " two  spaces\x1b");
}

TEST_CASE("A keyboard command keeps its spaces and decodes Enter and Backspace escapes", "[core][script]") {
    const auto script = parse_script("keyboard  Jl. Yani 5/12\\x08\\n\n");
    REQUIRE(script);
    REQUIRE(script->size() == 1);
    CHECK((*script)[0].kind == K::Keyboard);
    CHECK((*script)[0].text == " Jl. Yani 5/12\b\n");
    CHECK_FALSE(parse_script("keyboard a\\q\n"));
}
