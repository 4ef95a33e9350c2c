// Working-day arithmetic for legal deadlines (PPID: 10 working days) over the office's holiday calendar.
#pragma once

#include <set>
#include <string>

#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"

namespace anjungan {

struct Date {
    int year = 0, month = 0, day = 0;
    auto operator<=>(const Date&) const = default;
};

// Parses "YYYY-MM-DD[,YYYY-MM-DD...]" into a set of dates; errors name the bad entry.
Result<std::set<Date>> parse_holidays(const std::string& list);

int weekday(const Date& d);  // 0 = Sunday
Date next_day(const Date& d);

// The date `working_days` working days after `start` (Saturdays, Sundays and holidays do not count; the day of
// the request itself does not count either).
Date add_working_days(const Date& start, int working_days, const std::set<Date>& holidays);

LocalTime to_local_time(const Date& d);  // with the weekday filled in, for long_date()

}  // namespace anjungan
