// Service manager link: readiness, watchdog pings and status lines (sd_notify) for systemd.
#pragma once

#include <chrono>
#include <string>

namespace anjungan::hal {

class ServiceManager {
public:
    ServiceManager();  // reads NOTIFY_SOCKET and WATCHDOG_USEC; without them every call is a cheap no-op

    // Tells systemd start-up is complete (Type=notify). Idempotent.
    void ready();
    // Pets the watchdog, at most once per half watchdog interval however often it is called. Non-blocking.
    void ping();
    // Sets the one-line status shown by `systemctl status`. Non-blocking; never pass personal data.
    void status(const std::string& text);

    bool enabled() const { return enabled_; }

private:
    bool enabled_ = false;
    bool ready_sent_ = false;
    std::chrono::steady_clock::duration ping_interval_{};
    std::chrono::steady_clock::time_point last_ping_{};
    std::string last_status_;
};

}  // namespace anjungan::hal
