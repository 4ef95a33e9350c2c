// Simulated speech device: records what would have been said, for tests and the simulator.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

#include "hal/speech/speech.h"

namespace anjungan::hal {

struct Utterance {
    std::string text;
    std::string language;
    int volume = kDefaultSpeechVolume;

    bool operator==(const Utterance&) const = default;
};

// Speaking is instantaneous: each say() is recorded at once, so journeys see every screen title in order.
// To observe the replace-what-is-queued rule, a test holds the device busy: utterances then wait in the
// one-slot queue, a newer one replacing the older, until release().
class SimSpeech final : public Speech {
public:
    void say(const std::string& text, const std::string& language) override;
    void set_volume(int volume) override;
    int volume() const override { return volume_.load(); }
    void stop() override;
    std::string describe() const override { return "sim"; }

    // Everything spoken so far, oldest first. Thread-safe.
    std::vector<Utterance> spoken() const;
    void clear_spoken();

    // Injection API: while held, the device is busy speaking and new utterances wait in the queue.
    void hold();
    // Ends the hold and speaks the waiting utterance, if any.
    void release();

private:
    mutable std::mutex mutex_;
    std::vector<Utterance> spoken_;
    std::optional<Utterance> waiting_;
    bool held_ = false;
    std::atomic<int> volume_{kDefaultSpeechVolume};
};

}  // namespace anjungan::hal
