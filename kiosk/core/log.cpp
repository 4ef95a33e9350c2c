// Log lines with a level prefix journald understands (<6> info, <4> warning, <3> error).
#include "kiosk/core/log.h"

#include <cstdio>
#include <mutex>

namespace anjungan::log {

static void write(const char* prefix, const std::string& message) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fprintf(stderr, "%s%s\n", prefix, message.c_str());
}

void info(const std::string& message) { write("<6>anjungan: ", message); }
void warn(const std::string& message) { write("<4>anjungan: warning: ", message); }
void error(const std::string& message) { write("<3>anjungan: error: ", message); }

}  // namespace anjungan::log
