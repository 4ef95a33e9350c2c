// ZXing-cpp on luminance frames, and the one-slot mailbox that keeps camera decoding close to real time.
#include "hal/scanner/qr_frame_decoder.h"

#include <ZXing/ReadBarcode.h>

#include <array>
#include <cstdlib>
#include <utility>

namespace anjungan::hal {

namespace {

// Tickets carry QR codes only; every other format would cost time on every frame. tryRotate only helps
// linear codes (a QR finder works at any angle); tryHarder and tryDownscale add passes that cost more
// than they read on camera frames (measured by tests/bench/scan_bench.cpp).
ZXing::DecodeHints qr_hints(ZXing::Binarizer binarizer) {
    return ZXing::DecodeHints()
        .setFormats(ZXing::BarcodeFormat::QRCode)
        .setTryHarder(false)
        .setTryRotate(false)
        .setTryDownscale(false)
        .setBinarizer(binarizer)
        .setMaxNumberOfSymbols(1);
}

std::optional<std::string> read_qr(const ZXing::ImageView& view, const ZXing::DecodeHints& hints) {
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid()) return std::nullopt;
    // The raw bytes, not ZXing's text conversion: the core decides whether they are acceptable UTF-8.
    const auto& bytes = result.bytes();
    return std::string(bytes.begin(), bytes.end());
}

// Spread between the darkest and brightest 2 % of a sample of pixels. A printed code in view spans far
// more than a plain scene does, so this is a cheap test before the costly local pass.
int luminance_spread(const LumaFrame& frame) {
    std::array<int, 256> histogram{};
    int samples = 0;
    for (int y = 0; y < frame.height; y += 4)
        for (int x = 0; x < frame.width; x += 4, ++samples) ++histogram[frame.at(x, y)];
    const int tail = samples / 50;
    int low = 0, high = 255;
    for (int seen = 0; low < 255 && (seen += histogram[static_cast<std::size_t>(low)]) <= tail;) ++low;
    for (int seen = 0; high > 0 && (seen += histogram[static_cast<std::size_t>(high)]) <= tail;) --high;
    return high - low;
}

// Typical difference between horizontally adjacent pixels, on a sparse sample: the median ignores the
// few edges, so what remains is sensor noise (0-2 in good light, 10 and more in a dim room).
int sensor_noise(const LumaFrame& frame) {
    std::array<int, 256> histogram{};
    int samples = 0;
    for (int y = 0; y < frame.height; y += 4)
        for (int x = 0; x + 1 < frame.width; x += 4, ++samples)
            ++histogram[static_cast<std::size_t>(std::abs(frame.at(x, y) - frame.at(x + 1, y)))];
    int level = 0;
    for (int seen = 0; level < 255 && (seen += histogram[static_cast<std::size_t>(level)]) * 2 < samples;) ++level;
    return level;
}

// Averages 2x2 blocks: halves the noise and quarters the work. A code held up to the camera has modules of
// 4 px and more at 640x480, so it survives; in noise that strong a smaller one would not read anyway.
LumaFrame half_size(const LumaFrame& frame) {
    LumaFrame half;
    half.resize(frame.width / 2, frame.height / 2);
    for (int y = 0; y < half.height; ++y)
        for (int x = 0; x < half.width; ++x) {
            const int sum = frame.at(2 * x, 2 * y) + frame.at(2 * x + 1, 2 * y) + frame.at(2 * x, 2 * y + 1) +
                            frame.at(2 * x + 1, 2 * y + 1);
            half.at(x, y) = static_cast<std::uint8_t>((sum + 2) / 4);
        }
    return half;
}

// From this noise level on, the binarizers see noise as modules: decoding the averaged half-size frame
// is both faster (a dim empty scene: 3 ms -> 0.8 ms at 640x480) and reads more (heavy noise).
constexpr int kNoisyFrame = 8;

// Below this spread the local pass would binarize sensor noise into thousands of would-be finder patterns
// (2 ms per empty 640x480 frame, the camera's usual sight); the global pass still reads low-contrast codes.
constexpr int kMinSpreadForLocalPass = 40;

}  // namespace

// Two binarizers because each reads what the other misses: the global histogram is cheapest, gives up at
// once on a frame with no bimodal histogram, and copes with low contrast; the local average copes with
// glare, blur and uneven light. Together they stay well inside the per-frame budget.
QrFrameDecoder::QrFrameDecoder()
    : global_(qr_hints(ZXing::Binarizer::GlobalHistogram)), local_(qr_hints(ZXing::Binarizer::LocalAverage)) {}

std::optional<std::string> QrFrameDecoder::decode(const LumaFrame& frame) const {
    if (frame.width <= 0 || frame.height <= 0 ||
        frame.pixels.size() < static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height))
        return std::nullopt;
    if (frame.width >= 4 && frame.height >= 4 && sensor_noise(frame) >= kNoisyFrame)
        return decode_passes(half_size(frame));
    return decode_passes(frame);
}

std::optional<std::string> QrFrameDecoder::decode_passes(const LumaFrame& frame) const {
    const ZXing::ImageView view(frame.pixels.data(), frame.width, frame.height, ZXing::ImageFormat::Lum);
    if (auto payload = read_qr(view, global_)) return payload;
    if (luminance_spread(frame) < kMinSpreadForLocalPass) return std::nullopt;
    return read_qr(view, local_);
}

FrameDecodeWorker::FrameDecodeWorker(PayloadSink sink, std::chrono::milliseconds repeat_quiet)
    : sink_(std::move(sink)), repeat_quiet_(repeat_quiet), thread_([this] { run(); }) {}

FrameDecodeWorker::~FrameDecodeWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void FrameDecodeWorker::submit(LumaFrame& frame) {
    {
        std::lock_guard lock(mutex_);
        ++stats_.submitted;
        if (has_waiting_) ++stats_.dropped;
        std::swap(frame, waiting_);
        has_waiting_ = true;
    }
    wake_.notify_one();
}

void FrameDecodeWorker::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !has_waiting_ && !busy_; });
}

FrameDecodeStats FrameDecodeWorker::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void FrameDecodeWorker::run() {
    LumaFrame working;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || has_waiting_; });
            if (stopping_) return;
            std::swap(working, waiting_);
            has_waiting_ = false;
            busy_ = true;
        }
        const auto payload = decoder_.decode(working);
        report(payload);
        {
            std::lock_guard lock(mutex_);
            ++stats_.decoded;
            if (payload) ++stats_.codes;
            busy_ = false;
        }
        idle_.notify_all();
    }
}

void FrameDecodeWorker::report(const std::optional<std::string>& payload) {
    if (!payload) return;
    const auto now = std::chrono::steady_clock::now();
    const bool repeat = *payload == last_payload_ && now - last_seen_ < repeat_quiet_;
    last_seen_ = now;
    if (repeat) return;
    last_payload_ = *payload;
    if (sink_) sink_(*payload);
}

}  // namespace anjungan::hal
