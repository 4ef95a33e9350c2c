// Local calendar conversions through the C library's time zone database.
#include "kiosk/core/clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace anjungan {

void set_process_timezone(const std::string& zone) {
    setenv("TZ", zone.c_str(), 1);
    tzset();
}

static std::tm local_tm(TimePoint t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    return tm;
}

LocalTime to_local(TimePoint t) {
    const std::tm tm = local_tm(t);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday};
}

std::string yyyymmdd(const LocalTime& t) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", t.year, t.month, t.day);
    return buf;
}

std::string iso8601_local(TimePoint t) {
    const std::tm tm = local_tm(t);
    const long offset_min = tm.tm_gmtoff / 60;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset_min < 0 ? '-' : '+', std::labs(offset_min) / 60,
                  std::labs(offset_min) % 60);
    return buf;
}

std::int64_t unix_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint from_unix_seconds(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

}  // namespace anjungan
