// Translations: both languages have the same keys; dates read as people write them.
#include <catch2/catch.hpp>

#include "kiosk/core/i18n.h"

using namespace anjungan;

TEST_CASE("Indonesian and English catalogues have exactly the same keys", "[core][i18n]") {
    auto t = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(t);
    CHECK(t->keys("id") == t->keys("en"));
    CHECK(t->keys("id").size() > 40);
}

TEST_CASE("A missing key shows itself in brackets", "[core][i18n]") {
    auto t = Translations::load(TEST_ASSET_DIR "/i18n", {"id"});
    REQUIRE(t);
    CHECK(t->get("id", "no.such.key") == "[no.such.key]");
    CHECK(t->get("id", "common.next") == "Lanjut");
}

TEST_CASE("Placeholders are filled in", "[core][i18n]") {
    CHECK(Translations::format("Step {page} of {pages}", {{"page", "1"}, {"pages", "3"}}) == "Step 1 of 3");
}

TEST_CASE("Long dates are written in the language's form", "[core][i18n]") {
    LocalTime t;
    t.year = 2026, t.month = 11, t.day = 29, t.weekday = 0;
    CHECK(long_date(t, "id") == "Minggu, 29 November 2026");
    CHECK(long_date(t, "en") == "Sunday, 29 November 2026");
}
