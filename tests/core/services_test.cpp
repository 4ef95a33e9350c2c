// The table of built services: codes, letters and the flags the session, screens and Open311 mapping ask.
#include <catch2/catch.hpp>

#include "kiosk/core/config.h"
#include "kiosk/core/services.h"

using namespace anjungan;

TEST_CASE("Only the queue waits for the desk's opening hours, and only calling an officer prints nothing",
          "[core][services]") {
    CHECK(services::only_when_desk_open(services::kAntrian));
    CHECK_FALSE(services::only_when_desk_open(services::kLapor));
    CHECK_FALSE(services::only_when_desk_open(services::kBantuan));
    CHECK_FALSE(services::prints_ticket(services::kBantuan));
    for (const auto code : {services::kLapor, services::kPpid, services::kAduanKonten, services::kAntrian})
        CHECK(services::prints_ticket(code));
    CHECK(services::prints_ticket("SERVER_ONLY"));  // a ticket is never withheld from an unknown service
}

TEST_CASE("The three complaint and information services have a form, and the queue and the call do not",
          "[core][services]") {
    CHECK(services::has_form(services::kLapor));
    CHECK(services::has_form(services::kPpid));
    CHECK(services::has_form(services::kAduanKonten));
    CHECK_FALSE(services::has_form(services::kAntrian));
    CHECK_FALSE(services::has_form(services::kBantuan));
    CHECK(services::home_tile_codes() == std::vector<std::string>{"LAPOR", "PPID", "ADUAN_KONTEN", "ANTRIAN"});
}

TEST_CASE("The default ticket letters come from the table and are the SPEC's", "[core][services]") {
    CHECK(services::default_letters() == "LAPOR:L,PPID:P,ADUAN_KONTEN:K,ANTRIAN:A,BANTUAN:B");
    const Config config = default_config();
    for (const auto& service : services::all())
        CHECK(config.letter_for(std::string(service.code)) == service.default_letter);
    CHECK(services::find("NOPE") == nullptr);
    REQUIRE(services::find(services::kPpid));
    CHECK(services::find(services::kPpid)->main_text_field == "information");
}
