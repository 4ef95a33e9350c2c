// Opening hours: parsing and the open/closed decision.
#include "kiosk/core/opening_hours.h"

#include <cstdio>
#include <map>
#include <sstream>

namespace anjungan {
namespace {

const std::map<std::string, int>& day_numbers() {
    static const std::map<std::string, int> days = {{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                                    {"thu", 4}, {"fri", 5}, {"sat", 6}};
    return days;
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(' ');
    return a == std::string::npos ? "" : s.substr(a, s.find_last_not_of(' ') - a + 1);
}

Status parse_entry(const std::string& entry, OpeningHours& hours) {
    char from[4] = {}, to[4] = {};
    int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
    char tail = 0;
    int first = -1, last = -1;
    if (std::sscanf(entry.c_str(), "%3[a-z]-%3[a-z] %d:%d-%d:%d%c", from, to, &h1, &m1, &h2, &m2, &tail) == 6) {
        first = day_numbers().count(from) ? day_numbers().at(from) : -1;
        last = day_numbers().count(to) ? day_numbers().at(to) : -1;
    } else if (std::sscanf(entry.c_str(), "%3[a-z] %d:%d-%d:%d%c", from, &h1, &m1, &h2, &m2, &tail) == 5) {
        first = last = day_numbers().count(from) ? day_numbers().at(from) : -1;
    }
    // Ranges first: the minutes are computed only from a real time of day (a huge hour would overflow).
    const auto in = [](int v, int most) { return v >= 0 && v <= most; };
    const bool times = in(h1, 23) && in(m1, 59) && in(h2, 24) && in(m2, h2 == 24 ? 0 : 59);
    const int open = times ? h1 * 60 + m1 : 0, close = times ? h2 * 60 + m2 : 0;
    if (first < 0 || last < 0 || !times || open >= close)
        return fail("'" + (entry.size() <= 40 ? entry : entry.substr(0, 40) + "...") +
                    "' is not like \"mon-fri 07:30-15:30\"");
    for (int d = first;; d = (d + 1) % 7) {
        hours.week[d] = {open, close};
        if (d == last) break;
    }
    return Ok{};
}

}  // namespace

Result<OpeningHours> parse_opening_hours(const std::string& text) {
    OpeningHours hours;
    std::stringstream in(text);
    for (std::string entry; std::getline(in, entry, ';');) {
        entry = trim(entry);
        if (entry.empty()) continue;
        if (auto s = parse_entry(entry, hours); !s) return s.error();
    }
    return hours;
}

bool desk_open(const OpeningHours& hours, const std::set<Date>& holidays, const LocalTime& now) {
    if (holidays.count(Date{now.year, now.month, now.day})) return false;
    const auto& span = hours.week[static_cast<size_t>(now.weekday)];
    const int minute = now.hour * 60 + now.minute;
    return span.open_minute >= 0 && minute >= span.open_minute && minute < span.close_minute;
}

std::optional<Opening> next_opening(const OpeningHours& hours, const std::set<Date>& holidays, const LocalTime& now) {
    Date day{now.year, now.month, now.day};
    for (int i = 0; i < 15; ++i, day = next_day(day)) {
        const auto& span = hours.week[static_cast<size_t>(weekday(day))];
        if (span.open_minute < 0 || holidays.count(day)) continue;
        if (i == 0 && now.hour * 60 + now.minute >= span.open_minute) continue;
        return Opening{day, span.open_minute};
    }
    return std::nullopt;
}

}  // namespace anjungan
