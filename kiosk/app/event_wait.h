// Sleeps until input or a worker's wake-up arrives, without SDL's 1 ms polling on drivers that cannot wait.
#pragma once

#include <string>
#include <vector>

namespace anjungan::app {

// SDL's own wait (SDL_WaitEventTimeout) polls every millisecond on video drivers without a native wait
// (offscreen, kmsdrm) — a thousand wake-ups a second on an idle kiosk. There the waiter instead sleeps in
// poll(2) on an eventfd that workers signal and on the evdev input devices SDL reads from.
class EventWaiter {
public:
    EventWaiter();
    ~EventWaiter();
    EventWaiter(const EventWaiter&) = delete;
    EventWaiter& operator=(const EventWaiter&) = delete;

    // Call once SDL's video is up: picks SDL's wait where the driver has a real one.
    void configure(const std::string& video_driver);
    // Returns when input may be pending, notify() was called, or `timeout_ms` passed. Call SDL_PollEvent after.
    void wait(int timeout_ms);
    // Thread-safe; wakes a wait() in progress or makes the next one return at once.
    void notify();

private:
    void rescan_input_devices();
    void close_input_devices();

    bool native_wait_ = true;
    int wake_fd_ = -1;
    std::vector<int> input_fds_;
    long last_scan_ms_ = -1000000;
};

}  // namespace anjungan::app
