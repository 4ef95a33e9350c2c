// ZXing-cpp on luminance frames, and the one-slot mailbox that keeps camera decoding close to real time.
#include "hal/scanner/qr_frame_decoder.h"

#include <ZXing/ReadBarcode.h>

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
    const ZXing::ImageView view(frame.pixels.data(), frame.width, frame.height, ZXing::ImageFormat::Lum);
    if (auto payload = read_qr(view, global_)) return payload;
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
