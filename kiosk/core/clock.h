// Wall-clock time and local calendar dates, injectable so tests can cross midnight or go backwards.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace anjungan {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start) {}
    TimePoint now() const override {
        std::lock_guard lock(mutex_);
        return now_;
    }
    void set(TimePoint t) {
        std::lock_guard lock(mutex_);
        now_ = t;
    }
    void advance(std::chrono::seconds s) {
        std::lock_guard lock(mutex_);
        now_ += s;
    }

private:
    mutable std::mutex mutex_;
    TimePoint now_;
};

struct LocalTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int weekday = 0;  // 0 = Sunday
};

// Selects the process's time zone (e.g. "Asia/Jakarta"). Call once at start-up, before threads start.
void set_process_timezone(const std::string& zone);

LocalTime to_local(TimePoint t);
std::string yyyymmdd(const LocalTime& t);            // "20261129"
std::string iso8601_local(TimePoint t);               // "2026-11-29T10:15:00+07:00"
std::int64_t unix_seconds(TimePoint t);
TimePoint from_unix_seconds(std::int64_t s);

}  // namespace anjungan
