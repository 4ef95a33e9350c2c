// The desk's opening hours: when queue numbers are issued, and when the desk opens next.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>

#include "kiosk/core/calendar.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"

namespace anjungan {

struct OpeningHours {
    struct Span {
        int open_minute = -1;  // minutes after midnight; -1: closed that day
        int close_minute = -1;
    };
    std::array<Span, 7> week{};  // index 0 = Sunday
};

// Parses e.g. "mon-thu 07:30-16:00; fri 07:30-11:30; sat 08:00-12:00" (days not named are closed).
Result<OpeningHours> parse_opening_hours(const std::string& text);

bool desk_open(const OpeningHours& hours, const std::set<Date>& holidays, const LocalTime& now);

struct Opening {
    Date date;
    int minute = 0;
};
// The next time the desk opens after `now` (within two weeks), or nullopt if it never does.
std::optional<Opening> next_opening(const OpeningHours& hours, const std::set<Date>& holidays, const LocalTime& now);

}  // namespace anjungan
