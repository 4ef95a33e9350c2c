// Working-day deadlines over weekends and the configured holidays.
#include <catch2/catch.hpp>

#include "kiosk/core/calendar.h"

using Catch::Matchers::Contains;

using namespace anjungan;

TEST_CASE("Ten working days skip weekends and holidays", "[core][calendar]") {
    // Sunday 29 November 2026: the next ten working days are 30 Nov - 4 Dec and 7 - 11 Dec.
    CHECK(add_working_days({2026, 11, 29}, 10, {}) == Date{2026, 12, 11});
    // A request on Monday does not count that Monday.
    CHECK(add_working_days({2026, 11, 30}, 10, {}) == Date{2026, 12, 14});
    const auto holidays = parse_holidays("2026-12-24, 2026-12-25,2027-01-01");
    REQUIRE(holidays);
    // From Friday 18 Dec: 21, 22, 23, (24, 25 holidays), 28, 29, 30, 31, (1 Jan holiday), 4, 5, 6 Jan.
    CHECK(add_working_days({2026, 12, 18}, 10, *holidays) == Date{2027, 1, 6});
}

TEST_CASE("Weekdays are computed for any date", "[core][calendar]") {
    CHECK(weekday({2026, 11, 29}) == 0);
    CHECK(weekday({2024, 2, 29}) == 4);
    CHECK(next_day({2024, 2, 28}) == Date{2024, 2, 29});
    CHECK(next_day({2026, 12, 31}) == Date{2027, 1, 1});
}

TEST_CASE("A bad holiday list is refused with the bad entry named", "[core][calendar]") {
    const auto bad = parse_holidays("2026-12-25,2026-02-30");
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Contains("2026-02-30"));
    CHECK_FALSE(parse_holidays("25/12/2026"));
    CHECK(parse_holidays("")->empty());
}
