// Scanner factory and the simulated scanner.
#include "hal/scanner/scanner.h"

#include <charconv>

#include "hal/scanner/camera_scanner.h"
#include "hal/scanner/device_scanner.h"
#include "hal/scanner/evdev_scanner.h"
#include "hal/scanner/serial_scanner.h"

namespace anjungan::hal {

namespace {

// Splits "PATH@BAUD" for serial specs; the baud defaults to 9600, the most common scanner setting.
bool parse_serial(const std::string& rest, std::string& path, int& baud) {
    const auto at = rest.rfind('@');
    path = rest.substr(0, at);
    if (at == std::string::npos) return true;
    const std::string digits = rest.substr(at + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), baud);
    return error == std::errc{} && end == digits.data() + digits.size() && termios_speed(baud).has_value();
}

Result<std::unique_ptr<Scanner>> device_scanner(std::unique_ptr<DeviceBackend> backend, ScanSink sink) {
    return std::unique_ptr<Scanner>(std::make_unique<DeviceScanner>(std::move(backend), std::move(sink)));
}

Result<std::unique_ptr<Scanner>> make_serial(const std::string& rest, ScanSink sink) {
    SerialOptions options;
    std::string path;
    if (!parse_serial(rest, path, options.baud) || path.empty())
        return fail("scanner 'serial:" + rest + "': expected serial:PATH or serial:PATH@BAUD with a standard baud rate");
    return device_scanner(std::make_unique<SerialBackend>(path, options), std::move(sink));
}

}  // namespace

const char* to_string(ScannerState state) {
    switch (state) {
        case ScannerState::Starting: return "starting";
        case ScannerState::Ready: return "ready";
        case ScannerState::Unplugged: return "unplugged";
        case ScannerState::Failed: return "failed";
        case ScannerState::Stopped: return "stopped";
    }
    return "unknown";
}

void SimScanner::inject(const std::string& payload) {
    {
        std::lock_guard lock(mutex_);
        ++status_.payloads;
    }
    if (sink_) sink_(ScanEvent::read(payload));
}

void SimScanner::set_state(ScannerState state, const std::string& detail) {
    {
        std::lock_guard lock(mutex_);
        if (state == ScannerState::Ready && status_.state != ScannerState::Ready) ++status_.reconnects;
        status_.state = state;
        status_.detail = detail;
    }
    if (sink_) sink_(ScanEvent::changed(state, detail));
}

ScannerStatus SimScanner::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

Result<std::unique_ptr<Scanner>> make_scanner(const std::string& spec, ScanSink sink) {
    if (spec == "sim" || spec.starts_with("sim:")) return std::unique_ptr<Scanner>(std::make_unique<SimScanner>(std::move(sink)));
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (rest.empty()) return fail("scanner '" + spec + "': expected sim, evdev:PATH, serial:PATH[@BAUD] or camera:PATH");
    if (kind == "evdev") return device_scanner(std::make_unique<EvdevBackend>(rest), std::move(sink));
    if (kind == "serial") return make_serial(rest, std::move(sink));
    if (kind == "camera") return device_scanner(std::make_unique<CameraBackend>(rest), std::move(sink));
    return fail("scanner '" + spec + "': unknown kind '" + kind + "'; expected sim, evdev, serial or camera");
}

}  // namespace anjungan::hal
