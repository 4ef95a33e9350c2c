// Opening hours: parsing, open and closed times, holidays, and when the desk opens next.
#include <catch2/catch.hpp>

#include "kiosk/core/opening_hours.h"

using namespace anjungan;

namespace {

LocalTime at(Date d, int hour, int minute) {
    LocalTime t = to_local_time(d);
    t.hour = hour;
    t.minute = minute;
    return t;
}

}  // namespace

TEST_CASE("The desk is open in its hours on working days only", "[core][hours]") {
    const auto hours = parse_opening_hours("mon-thu 07:30-16:00; fri 07:30-11:30");
    REQUIRE(hours);
    const std::set<Date> holidays{{2026, 12, 25}};
    CHECK(desk_open(*hours, holidays, at({2026, 11, 30}, 7, 30)));        // Monday
    CHECK_FALSE(desk_open(*hours, holidays, at({2026, 11, 30}, 16, 0)));
    CHECK_FALSE(desk_open(*hours, holidays, at({2026, 12, 4}, 12, 0)));   // Friday afternoon
    CHECK_FALSE(desk_open(*hours, holidays, at({2026, 11, 29}, 10, 0)));  // Sunday
    CHECK_FALSE(desk_open(*hours, holidays, at({2026, 12, 25}, 10, 0)));  // Christmas, a Friday
}

TEST_CASE("The next opening skips closed days and holidays", "[core][hours]") {
    const auto hours = parse_opening_hours("mon-fri 07:30-15:30");
    const std::set<Date> holidays{{2026, 12, 24}, {2026, 12, 25}};
    const auto next = next_opening(*hours, holidays, at({2026, 12, 23}, 16, 0));
    REQUIRE(next);
    CHECK(next->date == Date{2026, 12, 28});
    CHECK(next->minute == 7 * 60 + 30);
    const auto same_day = next_opening(*hours, holidays, at({2026, 11, 30}, 6, 0));
    CHECK(same_day->date == Date{2026, 11, 30});
    CHECK_FALSE(next_opening(*parse_opening_hours(""), holidays, at({2026, 11, 30}, 6, 0)));
}

TEST_CASE("Malformed opening hours are refused with the bad entry", "[core][hours]") {
    for (const char* bad : {"monday 07:30-15:30", "mon-fri 15:30-07:30", "mon-fri 7.30-15.30", "xyz-fri 07:00-08:00"}) {
        const auto parsed = parse_opening_hours(bad);
        INFO(bad);
        CHECK_FALSE(parsed);
    }
}

TEST_CASE("Hours out of range are refused without overflowing (found by config_fuzz)", "[core][hours]") {
    for (const char* bad : {"mon 1536138050:00-23:00", "mon 07:00-99999999999:00", "mon -1:30-08:00", "mon 07:-5-08:00",
                            "mon 07:00-24:30", "mon 07:00-08:60"}) {
        INFO(bad);
        CHECK_FALSE(parse_opening_hours(bad));
    }
    CHECK(parse_opening_hours("sun-sat 00:00-24:00"));
}
