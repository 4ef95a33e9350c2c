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

std::unique_ptr<Scanner> make_serial(const std::string& rest, ScanSink sink, std::string& error) {
    SerialOptions options;
    std::string path;
    if (!parse_serial(rest, path, options.baud) || path.empty()) {
        error = "scanner 'serial:" + rest + "': expected serial:PATH or serial:PATH@BAUD with a standard baud rate";
        return nullptr;
    }
    return std::make_unique<DeviceScanner>(std::make_unique<SerialBackend>(path, options), std::move(sink));
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

std::unique_ptr<Scanner> make_scanner(const std::string& spec, ScanSink sink, std::string& error) {
    if (spec == "sim" || spec.starts_with("sim:")) return std::make_unique<SimScanner>(std::move(sink));
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (rest.empty()) {
        error = "scanner '" + spec + "': expected sim, evdev:PATH, serial:PATH[@BAUD] or camera:PATH";
        return nullptr;
    }
    if (kind == "evdev") return std::make_unique<DeviceScanner>(std::make_unique<EvdevBackend>(rest), std::move(sink));
    if (kind == "serial") return make_serial(rest, std::move(sink), error);
    if (kind == "camera")
        return std::make_unique<DeviceScanner>(std::make_unique<CameraBackend>(rest), std::move(sink));
    error = "scanner '" + spec + "': unknown kind '" + kind + "'; expected sim, evdev, serial or camera";
    return nullptr;
}

}  // namespace anjungan::hal
