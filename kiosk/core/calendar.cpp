// Calendar arithmetic on plain dates (no time zones involved).
#include "kiosk/core/calendar.h"

#include <cstdio>
#include <sstream>

namespace anjungan {
namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

}  // namespace

Result<std::set<Date>> parse_holidays(const std::string& list) {
    std::set<Date> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) {
        const auto first = item.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        item = item.substr(first, item.find_last_not_of(' ') - first + 1);
        Date d;
        char tail = 0;
        if (std::sscanf(item.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) != 3 || d.month < 1 ||
            d.month > 12 || d.day < 1 || d.year < 2000 || d.year > 2100 || d.day > days_in_month(d.year, d.month))
            return fail("'" + (item.size() <= 40 ? item : item.substr(0, 40) + "...") +
                        "' is not a date of the form YYYY-MM-DD");
        out.insert(d);
    }
    return out;
}

int weekday(const Date& d) {
    // Sakamoto's method.
    static const int offsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    const int y = d.month < 3 ? d.year - 1 : d.year;
    return (y + y / 4 - y / 100 + y / 400 + offsets[d.month - 1] + d.day) % 7;
}

Date next_day(const Date& d) {
    Date n = d;
    if (++n.day > days_in_month(n.year, n.month)) {
        n.day = 1;
        if (++n.month > 12) {
            n.month = 1;
            ++n.year;
        }
    }
    return n;
}

Date add_working_days(const Date& start, int working_days, const std::set<Date>& holidays) {
    Date d = start;
    while (working_days > 0) {
        d = next_day(d);
        const int wd = weekday(d);
        if (wd != 0 && wd != 6 && !holidays.count(d)) --working_days;
    }
    return d;
}

LocalTime to_local_time(const Date& d) {
    LocalTime t;
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    t.weekday = weekday(d);
    return t;
}

}  // namespace anjungan
