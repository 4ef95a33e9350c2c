// QR scanner device: payloads arrive as events from a backend's own thread; nothing blocks the UI.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace anjungan::hal {

struct ScanEvent {
    std::string payload;  // raw bytes as read; the core validates and classifies them
};

using ScanSink = std::function<void(const ScanEvent&)>;

class Scanner {
public:
    virtual ~Scanner() = default;
    virtual std::string describe() const = 0;
};

// Simulated scanner: the injection API delivers a payload as if a code had been read.
class SimScanner final : public Scanner {
public:
    explicit SimScanner(ScanSink sink) : sink_(std::move(sink)) {}
    // Delivers `payload` to the sink synchronously. Thread-safe if the sink is.
    void inject(const std::string& payload) {
        if (sink_) sink_(ScanEvent{payload});
    }
    std::string describe() const override { return "sim"; }

private:
    ScanSink sink_;
};

// Creates a scanner from "sim" (the others arrive with the scanner issue). nullptr and `error` otherwise.
std::unique_ptr<Scanner> make_scanner(const std::string& spec, ScanSink sink, std::string& error);

}  // namespace anjungan::hal
