// Keyboard-wedge backend: reads key events with libevdev and hands them to the KeyWedgeDecoder.
#include "hal/scanner/evdev_scanner.h"

#include <fcntl.h>
#include <libevdev/libevdev.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace anjungan::hal {

namespace {

// Events handled per wake-up before polling again, so a flooding device cannot starve shutdown.
constexpr int kEventsPerWakeUp = 1024;

std::int64_t monotonic_us() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

DeviceProblem problem_opening(const std::string& path, int error) {
    if (error == ENOENT || error == ENODEV || error == ENXIO) return {ScannerState::Unplugged, path + ": not present"};
    return {ScannerState::Failed, path + ": " + std::strerror(error)};
}

}  // namespace

EvdevBackend::EvdevBackend(std::string path, KeyWedgeOptions options)
    : path_(std::move(path)), options_(options), decoder_(options), device_(nullptr, libevdev_free) {}

EvdevBackend::~EvdevBackend() { close(); }

std::variant<int, DeviceProblem> EvdevBackend::open() {
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) return problem_opening(path_, errno);
    libevdev* raw = nullptr;
    if (int rc = libevdev_new_from_fd(fd.get(), &raw); rc < 0)
        return DeviceProblem{ScannerState::Failed, path_ + ": not an input device (" + std::strerror(-rc) + ")"};
    std::unique_ptr<libevdev, void (*)(libevdev*)> device(raw, libevdev_free);
    if (!libevdev_has_event_type(raw, EV_KEY))
        return DeviceProblem{ScannerState::Failed, path_ + ": not a keyboard-wedge scanner (no keys)"};
    // Without the grab every scanned character would also be typed into the UI (SPEC §6).
    if (int rc = libevdev_grab(raw, LIBEVDEV_GRAB); rc < 0)
        return DeviceProblem{ScannerState::Failed, path_ + ": cannot grab exclusively (" + std::strerror(-rc) + ")"};
    // Event times then share the clock of the inter-key timeout.
    libevdev_set_clock_id(raw, CLOCK_MONOTONIC);
    decoder_ = KeyWedgeDecoder(options_);
    dropped_before_open_ = dropped_.load();
    fd_ = std::move(fd);
    device_ = std::move(device);
    return fd_.get();
}

std::optional<DeviceProblem> EvdevBackend::on_readable() {
    input_event event{};
    for (int handled = 0; handled < kEventsPerWakeUp; ++handled) {
        const int rc = libevdev_next_event(device_.get(), LIBEVDEV_READ_FLAG_NORMAL, &event);
        if (rc == LIBEVDEV_READ_STATUS_SUCCESS) {
            deliver_if(decoder_.feed(event));
        } else if (rc == LIBEVDEV_READ_STATUS_SYNC) {
            // The kernel's buffer overflowed: keys were lost, so the partial payload is unusable.
            decoder_.abandon_partial();
            while (libevdev_next_event(device_.get(), LIBEVDEV_READ_FLAG_SYNC, &event) == LIBEVDEV_READ_STATUS_SYNC)
                decoder_.resync_key(event);
        } else if (rc == -EAGAIN) {
            break;
        } else if (rc != -EINTR) {
            return DeviceProblem{ScannerState::Unplugged, path_ + ": " + std::strerror(-rc)};
        }
    }
    count_dropped();
    return std::nullopt;
}

int EvdevBackend::timeout_ms() {
    const auto deadline = decoder_.deadline_us();
    if (!deadline) return -1;
    const std::int64_t left_us = *deadline - monotonic_us();
    return left_us <= 0 ? 0 : static_cast<int>((left_us + 999) / 1000);
}

void EvdevBackend::on_timeout() {
    deliver_if(decoder_.expire(monotonic_us()));
    count_dropped();
}

void EvdevBackend::close() {
    device_.reset();
    fd_.reset();  // closing the descriptor also releases the grab
}

void EvdevBackend::count_dropped() { dropped_ = dropped_before_open_ + decoder_.stats().dropped_partials; }

void EvdevBackend::deliver_if(std::optional<std::string> payload) {
    if (payload) deliver(std::move(*payload));
}

}  // namespace anjungan::hal
