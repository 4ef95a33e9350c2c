// Service manager link: readiness, watchdog pings and status lines (sd_notify) for systemd.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace anjungan::hal {

class ServiceManager {
public:
    ServiceManager();  // reads NOTIFY_SOCKET and WATCHDOG_USEC; without them every call is a cheap no-op

    // Tells systemd start-up is complete (Type=notify). Idempotent.
    void ready();
    // Pets the watchdog, at most once per half watchdog interval however often it is called. Non-blocking.
    void ping();
    // When ping() next has something to do: a loop that sleeps must wake by then. nullopt without a watchdog.
    std::optional<std::chrono::steady_clock::time_point> next_ping() const {
        if (!enabled_ || ping_interval_.count() == 0) return std::nullopt;
        return last_ping_ + ping_interval_;
    }
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
