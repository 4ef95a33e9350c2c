// Runs a device backend on its own thread: opens the device, reads it, and reopens it when it comes back.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "hal/scanner/scanner.h"
#include "hal/scanner/unique_fd.h"

namespace anjungan::hal {

// Why a device cannot be used right now: Unplugged (absent, went away) or Failed (present but unusable).
struct DeviceProblem {
    ScannerState state = ScannerState::Unplugged;
    std::string detail;
};

// One kind of scanner device. All calls except connect() and dropped() come from the loop thread.
class DeviceBackend {
public:
    using PayloadSink = std::function<void(std::string payload)>;
    virtual ~DeviceBackend() = default;

    // Where finished payloads go; set once by DeviceScanner before its thread starts.
    void connect(PayloadSink sink) { deliver_ = std::move(sink); }

    virtual std::string describe() const = 0;  // e.g. "serial:/dev/ttyACM0@9600"
    virtual std::string path() const = 0;      // the device node, watched so that a replug is seen at once

    // Opens and configures the device; returns the descriptor to poll for input, or what is wrong.
    virtual std::variant<int, DeviceProblem> open() = 0;
    // Reads what is available without blocking. A problem when the device went away.
    virtual std::optional<DeviceProblem> on_readable() = 0;
    // Milliseconds until on_timeout() is due (e.g. an inter-key timeout), or -1 for none.
    virtual int timeout_ms() { return -1; }
    virtual void on_timeout() {}
    // Releases the device; open() may follow when it comes back.
    virtual void close() = 0;
    // Partial payloads or frames dropped so far. Thread-safe.
    virtual std::uint64_t dropped() const { return 0; }

protected:
    void deliver(std::string payload) const {
        if (deliver_) deliver_(std::move(payload));
    }

private:
    PayloadSink deliver_;
};

struct DeviceScannerTiming {
    // How often an absent or failed device is retried when no change in its directory was seen. inotify
    // usually reports a replug at once, so this is only a safety net and kept slow for the idle budget.
    std::chrono::milliseconds retry_interval{5000};
};

class DeviceScanner final : public Scanner {
public:
    // Starts the loop thread at once; the sink receives Starting, then Ready / Unplugged / Failed and
    // payloads. The destructor stops the thread without sending further events.
    DeviceScanner(std::unique_ptr<DeviceBackend> backend, ScanSink sink, DeviceScannerTiming timing = {});
    ~DeviceScanner() override;

    ScannerStatus status() const override;
    std::string describe() const override { return backend_->describe(); }

private:
    void run();
    std::optional<DeviceProblem> serve(int device_fd);
    void wait_for_device(ScannerState problem);
    bool stop_requested() const;
    void report(ScannerState state, const std::string& detail);
    void deliver_payload(std::string payload);

    std::unique_ptr<DeviceBackend> backend_;
    ScanSink sink_;
    DeviceScannerTiming timing_;
    UniqueFd stop_event_;  // an eventfd: written once to wake the loop for shutdown
    mutable std::mutex mutex_;
    ScannerStatus status_;
    bool was_ready_ = false;
    std::thread thread_;
};

}  // namespace anjungan::hal
