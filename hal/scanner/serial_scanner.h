// Serial or USB CDC-ACM scanner through termios: raw 8N1 at a configured baud, CR or LF ends a payload.
#pragma once

#include <termios.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "hal/scanner/device_scanner.h"

namespace anjungan::hal {

struct SerialOptions {
    int baud = 9600;
    std::string terminators = "\r\n";  // any of these ends a payload; CR LF yields one payload, not two
    // A scanner sends a whole code in one burst; a gap this long means the rest was lost.
    std::chrono::milliseconds inter_byte_timeout{300};
    bool deliver_on_timeout = false;  // false: an unterminated partial payload is dropped
};

// The termios speed for a baud rate such as 9600 or 115200; nullopt when termios has none.
std::optional<speed_t> termios_speed(int baud);

class SerialBackend final : public DeviceBackend {
public:
    // `options.baud` must be one termios_speed() knows.
    SerialBackend(std::string path, SerialOptions options = {});

    std::string describe() const override { return "serial:" + path_ + "@" + std::to_string(options_.baud); }
    std::string path() const override { return path_; }
    std::variant<int, DeviceProblem> open() override;
    std::optional<DeviceProblem> on_readable() override;
    int timeout_ms() override;
    void on_timeout() override;
    void close() override { fd_.reset(); }
    std::uint64_t dropped() const override { return dropped_.load(); }

    // A payload stops growing here, far above the core's limit, so an over-long code is still refused.
    static constexpr std::size_t kMaxBytes = 4096;

private:
    void take(char byte);
    void finish();

    std::string path_;
    SerialOptions options_;
    UniqueFd fd_;
    std::string partial_;
    bool pending_ = false;
    std::chrono::steady_clock::time_point last_byte_;
    std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace anjungan::hal
