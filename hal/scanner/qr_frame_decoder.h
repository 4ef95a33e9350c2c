// QR decoding of camera frames: ZXing tuned for speed, on a worker thread that drops frames to bound latency.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <ZXing/DecodeHints.h>

namespace anjungan::hal {

// An 8-bit luminance image, rows `width` bytes apart.
struct LumaFrame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    void resize(int w, int h) {
        width = w;
        height = h;
        pixels.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    }
    std::uint8_t& at(int x, int y) { return pixels[static_cast<std::size_t>(y) * width + x]; }
    std::uint8_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
};

// Finds one QR code in a frame. Stateless after construction; decode() is const and thread-safe.
class QrFrameDecoder {
public:
    QrFrameDecoder();
    // The code's raw bytes (the core checks them), or nullopt when the frame holds no readable QR code.
    std::optional<std::string> decode(const LumaFrame& frame) const;

private:
    std::optional<std::string> decode_passes(const LumaFrame& frame) const;

    ZXing::DecodeHints global_;  // first pass: global histogram threshold
    ZXing::DecodeHints local_;   // second pass: local average threshold
};

struct FrameDecodeStats {
    std::uint64_t submitted = 0;  // frames handed over
    std::uint64_t decoded = 0;    // frames the decoder looked at
    std::uint64_t dropped = 0;    // frames replaced by a newer one before the decoder got to them
    std::uint64_t codes = 0;      // frames in which a code was found
};

// Decodes frames on its own thread. At most one frame waits: a newer frame replaces it, so a slow
// decode never builds a queue and the code shown to the camera is read from a recent frame.
class FrameDecodeWorker {
public:
    using PayloadSink = std::function<void(std::string payload)>;

    // `repeat_quiet`: the same code seen again within this time of its last sighting is not reported
    // again, so a ticket held in front of the camera yields one payload rather than thirty a second.
    explicit FrameDecodeWorker(PayloadSink sink,
                               std::chrono::milliseconds repeat_quiet = std::chrono::milliseconds(1000));
    ~FrameDecodeWorker();  // stops and joins the thread; a waiting frame is discarded
    FrameDecodeWorker(const FrameDecodeWorker&) = delete;
    FrameDecodeWorker& operator=(const FrameDecodeWorker&) = delete;

    // Hands `frame` over without waiting for any decode and gives back a buffer to fill next, so that
    // frames cycle through three buffers instead of being allocated. Thread-safe.
    void submit(LumaFrame& frame);

    // Blocks until no frame is waiting or being decoded (for tests and benchmarks).
    void wait_idle();

    FrameDecodeStats stats() const;

private:
    void run();
    void report(const std::optional<std::string>& payload);

    QrFrameDecoder decoder_;
    PayloadSink sink_;
    std::chrono::milliseconds repeat_quiet_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    LumaFrame waiting_;
    bool has_waiting_ = false;
    bool busy_ = false;
    bool stopping_ = false;
    FrameDecodeStats stats_;
    std::string last_payload_;  // worker thread only
    std::chrono::steady_clock::time_point last_seen_;
    std::thread thread_;
};

}  // namespace anjungan::hal
