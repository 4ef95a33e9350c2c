// sd_notify-based service manager link.
#include "hal/watchdog/watchdog.h"

#include <cstdlib>

#include <systemd/sd-daemon.h>

namespace anjungan::hal {

ServiceManager::ServiceManager() {
    enabled_ = std::getenv("NOTIFY_SOCKET") != nullptr;
    std::uint64_t usec = 0;
    if (enabled_ && sd_watchdog_enabled(0, &usec) > 0)
        ping_interval_ = std::chrono::microseconds(usec / 2);
}

void ServiceManager::ready() {
    if (!enabled_ || ready_sent_) return;
    sd_notify(0, "READY=1");
    ready_sent_ = true;
}

void ServiceManager::ping() {
    if (!enabled_ || ping_interval_.count() == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ping_ < ping_interval_) return;
    last_ping_ = now;
    sd_notify(0, "WATCHDOG=1");
}

void ServiceManager::status(const std::string& text) {
    if (!enabled_ || text == last_status_) return;
    last_status_ = text;
    sd_notify(0, ("STATUS=" + text).c_str());
}

}  // namespace anjungan::hal
