// poll(2)-based waiting on worker wake-ups and evdev input devices.
#include "kiosk/app/event_wait.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include <SDL.h>

namespace anjungan::app {
namespace {

long now_ms() {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch()).count());
}

void drain(int fd) {
    char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
}

}  // namespace

EventWaiter::EventWaiter() : wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

EventWaiter::~EventWaiter() {
    close_input_devices();
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

void EventWaiter::configure(const std::string& video_driver) {
    native_wait_ = video_driver == "x11" || video_driver == "wayland";
    if (wake_fd_ < 0) native_wait_ = true;
}

void EventWaiter::notify() {
    if (wake_fd_ < 0) return;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

void EventWaiter::close_input_devices() {
    for (const int fd : input_fds_) ::close(fd);
    input_fds_.clear();
}

void EventWaiter::rescan_input_devices() {
    // Devices come and go (a touch screen replugged): look again every few seconds.
    close_input_devices();
    last_scan_ms_ = now_ms();
    DIR* dir = opendir("/dev/input");
    if (!dir) return;
    while (const dirent* entry = readdir(dir)) {
        if (std::strncmp(entry->d_name, "event", 5) != 0) continue;
        const std::string path = std::string("/dev/input/") + entry->d_name;
        const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) input_fds_.push_back(fd);
    }
    closedir(dir);
}

void EventWaiter::wait(int timeout_ms) {
    if (timeout_ms <= 0) return;
    if (native_wait_) {
        SDL_WaitEventTimeout(nullptr, timeout_ms);
        return;
    }
    if (now_ms() - last_scan_ms_ > 5000) rescan_input_devices();
    std::vector<pollfd> fds;
    fds.push_back({wake_fd_, POLLIN, 0});
    for (const int fd : input_fds_) fds.push_back({fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
    // Our own copies of the input events are only a doorbell; SDL reads the real ones from its descriptors.
    for (const auto& p : fds) {
        if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) last_scan_ms_ = -1000000;
        else if (p.revents & POLLIN) drain(p.fd);
    }
}

}  // namespace anjungan::app
