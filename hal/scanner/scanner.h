// QR scanner device: payloads and device state arrive as events from a backend's own thread; nothing blocks the UI.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "kiosk/core/result.h"

namespace anjungan::hal {

// The device's state, kept for technician mode and reported through the sink whenever it changes.
enum class ScannerState {
    Starting,   // created; the first attempt to open the device has not finished
    Ready,      // open (and, for a keyboard-wedge, grabbed exclusively): payloads can arrive
    Unplugged,  // the device is absent or went away; it is reopened as soon as it comes back
    Failed,     // present but unusable (permissions, not a scanner, grabbed by another program); retried
    Stopped,    // the scanner object is shutting down
};
const char* to_string(ScannerState state);

struct ScanEvent {
    enum class Kind { Payload, State };
    // Kind::Payload: the raw bytes read, terminator removed. Untrusted: the core checks and classifies
    // them (kiosk/core/scan_payload.h); never log or display them unchecked.
    std::string payload;
    Kind kind = Kind::Payload;
    ScannerState state = ScannerState::Ready;  // Kind::State: the new state
    std::string detail;                        // Kind::State: why, for the technician; never payload bytes

    static ScanEvent read(std::string bytes) {
        return ScanEvent{std::move(bytes), Kind::Payload, ScannerState::Ready, {}};
    }
    static ScanEvent changed(ScannerState state, std::string detail) {
        return ScanEvent{{}, Kind::State, state, std::move(detail)};
    }
    bool is_payload() const { return kind == Kind::Payload; }
};

// Called from the scanner's own thread (the caller's thread for SimScanner::inject). Must not block;
// typically pushes onto the app's event queue.
using ScanSink = std::function<void(const ScanEvent&)>;

// A snapshot for technician mode.
struct ScannerStatus {
    ScannerState state = ScannerState::Starting;
    std::string detail;            // e.g. "/dev/input/by-id/...: grabbed exclusively"; never payload bytes
    std::uint64_t payloads = 0;    // payloads delivered since start
    std::uint64_t reconnects = 0;  // times the device came back after it had been lost
    std::uint64_t dropped = 0;     // partial payloads dropped on timeout, or camera frames skipped
};

class Scanner {
public:
    virtual ~Scanner() = default;  // stops the backend's thread; no event is delivered after it returns

    // The last known status. Non-blocking, thread-safe.
    virtual ScannerStatus status() const = 0;

    // A short description of the backend, e.g. "evdev:/dev/input/event3" or "sim".
    virtual std::string describe() const = 0;
};

// Simulated scanner: the injection API delivers a payload as if a code had been read, and technician-mode
// tests can make it look unplugged. Ready from construction (no Starting event is sent).
class SimScanner final : public Scanner {
public:
    explicit SimScanner(ScanSink sink) : sink_(std::move(sink)) {}

    // Delivers `payload` to the sink synchronously, byte for byte. Thread-safe if the sink is.
    void inject(const std::string& payload);

    // Reports a new state through the sink, as a real device would on unplug or reconnect.
    void set_state(ScannerState state, const std::string& detail = {});

    ScannerStatus status() const override;
    std::string describe() const override { return "sim"; }

private:
    ScanSink sink_;
    mutable std::mutex mutex_;
    ScannerStatus status_{ScannerState::Ready, "simulated", 0, 0, 0};
};

// Creates a scanner from a spec:
//   "sim"                    simulated, payloads injected
//   "evdev:PATH"             HID keyboard-wedge through libevdev, grabbed exclusively, US keymap
//   "serial:PATH[@BAUD]"     serial or CDC-ACM, raw 8N1, CR or LF ends a payload, 9600 baud by default
//   "camera:PATH"            V4L2 camera, 640x480 frames decoded for QR codes on a worker thread
// Device backends start at once on their own thread and report Starting and then Ready, Unplugged or
// Failed through the sink; a missing device is not an error here, it is waited for. Fails only for a
// malformed spec.
Result<std::unique_ptr<Scanner>> make_scanner(const std::string& spec, ScanSink sink);

}  // namespace anjungan::hal
