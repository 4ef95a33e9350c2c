// HID keyboard-wedge scanner through libevdev, grabbed exclusively so its keys never reach SDL or the UI.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "hal/scanner/device_scanner.h"
#include "hal/scanner/key_wedge_decoder.h"

struct libevdev;

namespace anjungan::hal {

class EvdevBackend final : public DeviceBackend {
public:
    explicit EvdevBackend(std::string path, KeyWedgeOptions options = {});
    ~EvdevBackend() override;

    std::string describe() const override { return "evdev:" + path_; }
    std::string path() const override { return path_; }
    std::variant<int, DeviceProblem> open() override;
    std::optional<DeviceProblem> on_readable() override;
    int timeout_ms() override;
    void on_timeout() override;
    void close() override;
    std::uint64_t dropped() const override { return dropped_.load(); }

private:
    void deliver_if(std::optional<std::string> payload);
    void count_dropped();  // publishes the decoder's count for status() on other threads

    std::string path_;
    KeyWedgeOptions options_;
    KeyWedgeDecoder decoder_;
    UniqueFd fd_;
    std::unique_ptr<libevdev, void (*)(libevdev*)> device_;
    std::atomic<std::uint64_t> dropped_{0};
    std::uint64_t dropped_before_open_ = 0;  // the decoder starts afresh on each open
};

}  // namespace anjungan::hal
