// Whether the wall clock has been synchronised since boot: tickets and requests say so when it has not.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "kiosk/core/result.h"

namespace anjungan {

class TimeSync {
public:
    virtual ~TimeSync() = default;
    // True once time synchronisation has succeeded since the machine booted. Thread-safe, does not block.
    virtual bool synced_since_boot() const = 0;
};

// The machine's own answer: systemd-timesyncd's flag file (made on its first synchronisation, in /run, so gone
// after a reboot), else the kernel's NTP status (adjtimex without STA_UNSYNC, as chrony or ntpd leave it).
// Once seen synchronised it stays so for the life of the process, as the question is "since boot".
class SystemTimeSync final : public TimeSync {
public:
    explicit SystemTimeSync(std::string flag_file = "/run/systemd/timesync/synchronized", bool ask_kernel = true)
        : flag_file_(std::move(flag_file)), ask_kernel_(ask_kernel) {}
    bool synced_since_boot() const override;

private:
    std::string flag_file_;
    bool ask_kernel_;
    mutable std::atomic<bool> seen_{false};
};

// For tests and simulated runs: says what it was told.
class SimulatedTimeSync final : public TimeSync {
public:
    explicit SimulatedTimeSync(bool synced) : synced_(synced) {}
    bool synced_since_boot() const override { return synced_.load(); }
    void set(bool synced) { synced_ = synced; }

private:
    std::atomic<bool> synced_;
};

// From devices.clock_sync: "system", "sim:synced" or "sim:unsynced".
Result<std::unique_ptr<TimeSync>> make_time_sync(const std::string& spec);

}  // namespace anjungan
