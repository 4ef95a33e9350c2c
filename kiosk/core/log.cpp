// Log lines with a level prefix journald understands (<6> info, <4> warning, <3> error), the last few also kept
// in memory for the technician screen.
#include "kiosk/core/log.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>

namespace anjungan::log {
namespace {

std::mutex mutex;
std::deque<std::string> kept;  // oldest first

std::string local_clock() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &local);
    return text;
}

void write(const char* prefix, const char* level, const std::string& message) {
    std::lock_guard lock(mutex);
    std::fprintf(stderr, "%s%s\n", prefix, message.c_str());
    kept.push_back(local_clock() + "  " + level + message);
    if (kept.size() > kKeptLines) kept.pop_front();
}

}  // namespace

void info(const std::string& message) { write("<6>anjungan: ", "", message); }
void warn(const std::string& message) { write("<4>anjungan: warning: ", "warning: ", message); }
void error(const std::string& message) { write("<3>anjungan: error: ", "error: ", message); }

std::vector<std::string> recent_lines(std::size_t count) {
    std::lock_guard lock(mutex);
    const std::size_t n = std::min(count, kept.size());
    return {kept.rbegin(), kept.rbegin() + static_cast<std::ptrdiff_t>(n)};
}

}  // namespace anjungan::log
