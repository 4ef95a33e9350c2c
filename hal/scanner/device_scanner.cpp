// The reconnect loop shared by the evdev, serial and camera backends.
#include "hal/scanner/device_scanner.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "kiosk/core/log.h"

namespace anjungan::hal {

namespace {

// Milliseconds until `deadline`, for poll(); never negative.
int millis_until(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// True when the inotify events in `buffer` name `file` (or the queue overflowed and anything may have
// happened), so that unrelated devices coming and going in /dev do not cause reopen attempts.
bool mentions(const char* buffer, ssize_t length, const std::string& file) {
    for (ssize_t at = 0; at < length;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
        if (event->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF)) return true;
        if (event->len > 0 && file == event->name) return true;
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
    return false;
}

}  // namespace

DeviceScanner::DeviceScanner(std::unique_ptr<DeviceBackend> backend, ScanSink sink, DeviceScannerTiming timing)
    : backend_(std::move(backend)),
      sink_(std::move(sink)),
      timing_(timing),
      stop_event_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    status_.detail = backend_->describe();
    if (!stop_event_) {
        // Without a way to stop it the thread could never be joined: report the scanner as failed instead.
        status_.state = ScannerState::Failed;
        status_.detail = backend_->describe() + ": cannot create an eventfd (" + std::strerror(errno) + ")";
        log::error("scanner " + status_.detail);
        return;
    }
    backend_->connect([this](std::string payload) { deliver_payload(std::move(payload)); });
    thread_ = std::thread([this] { run(); });
}

DeviceScanner::~DeviceScanner() {
    if (thread_.joinable()) {
        // Adding 1 to a fresh eventfd cannot fail; the loop thread wakes from any poll and returns.
        const std::uint64_t one = 1;
        if (::write(stop_event_.get(), &one, sizeof one) != sizeof one) log::error("scanner: cannot signal its thread");
        thread_.join();
    }
    backend_.reset();  // joins a camera's decoder thread while the sink is still valid
    std::lock_guard lock(mutex_);
    status_.state = ScannerState::Stopped;
}

ScannerStatus DeviceScanner::status() const {
    std::lock_guard lock(mutex_);
    ScannerStatus copy = status_;
    if (backend_) copy.dropped = backend_->dropped();
    return copy;
}

bool DeviceScanner::stop_requested() const {
    pollfd stop{stop_event_.get(), POLLIN, 0};
    return ::poll(&stop, 1, 0) > 0;
}

void DeviceScanner::run() {
    if (sink_) sink_(ScanEvent::changed(ScannerState::Starting, backend_->describe()));
    while (!stop_requested()) {
        auto opened = backend_->open();
        if (auto* problem = std::get_if<DeviceProblem>(&opened)) {
            report(problem->state, problem->detail);
            wait_for_device(problem->state);
            continue;
        }
        report(ScannerState::Ready, backend_->describe());
        auto lost = serve(std::get<int>(opened));
        backend_->close();
        if (!lost) continue;  // stopping
        report(lost->state, lost->detail);
        // Wait even if the node is still there, so a device that fails as soon as it opens cannot spin.
        wait_for_device(lost->state);
    }
}

// Reads the open device until it goes away (the problem) or the scanner stops (nullopt).
std::optional<DeviceProblem> DeviceScanner::serve(int device_fd) {
    for (;;) {
        std::array<pollfd, 2> fds{{{device_fd, POLLIN, 0}, {stop_event_.get(), POLLIN, 0}}};
        const int ready = ::poll(fds.data(), fds.size(), backend_->timeout_ms());
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return DeviceProblem{ScannerState::Failed, std::string("poll: ") + std::strerror(errno)};
        if (fds[1].revents) return std::nullopt;
        if (ready == 0) {
            backend_->on_timeout();
            continue;
        }
        if (fds[0].revents & POLLIN) {
            if (auto problem = backend_->on_readable()) return problem;
        } else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            return DeviceProblem{ScannerState::Unplugged, backend_->path() + ": device went away"};
        }
    }
}

// Sleeps until the device's directory changes, the retry interval passes, or the scanner stops.
void DeviceScanner::wait_for_device(ScannerState problem) {
    auto deadline = std::chrono::steady_clock::now() + timing_.retry_interval;
    const std::filesystem::path device(backend_->path());
    UniqueFd watch(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (watch && ::inotify_add_watch(watch.get(), device.parent_path().c_str(),
                                     IN_CREATE | IN_ATTRIB | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF) < 0)
        watch.reset();  // the directory itself is missing (e.g. /dev/input/by-id before any device): poll slowly
    // The device may have appeared between the failed open and the watch: retry soon, but not at once, in
    // case the node exists with nothing behind it (ENXIO) and the loop would spin.
    if (problem == ScannerState::Unplugged && ::access(device.c_str(), F_OK) == 0)
        deadline = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
    alignas(inotify_event) char buffer[4096];
    for (;;) {
        std::array<pollfd, 2> fds{{{stop_event_.get(), POLLIN, 0}, {watch.get(), POLLIN, 0}}};
        const int ready = ::poll(fds.data(), watch ? 2 : 1, millis_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0 || fds[0].revents) return;
        const ssize_t length = ::read(watch.get(), buffer, sizeof buffer);
        if (length <= 0 || mentions(buffer, length, device.filename().string())) return;
    }
}

void DeviceScanner::report(ScannerState state, const std::string& detail) {
    {
        std::lock_guard lock(mutex_);
        // A device that keeps failing the same way is retried quietly rather than reported every time.
        if (status_.state == state && status_.detail == detail) return;
        if (state == ScannerState::Ready && was_ready_) ++status_.reconnects;
        if (state == ScannerState::Ready) was_ready_ = true;
        status_.state = state;
        status_.detail = detail;
    }
    const std::string line = std::string("scanner ") + to_string(state) + ": " + detail;
    if (state == ScannerState::Ready)
        log::info(line);
    else
        log::warn(line);
    if (sink_) sink_(ScanEvent::changed(state, detail));
}

void DeviceScanner::deliver_payload(std::string payload) {
    {
        std::lock_guard lock(mutex_);
        ++status_.payloads;
    }
    if (sink_) sink_(ScanEvent::read(std::move(payload)));
}

}  // namespace anjungan::hal
