// espeak-ng speech device: synthesises on a worker thread, plays through the library's audio output.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "hal/speech/speech.h"

namespace anjungan::hal {

struct EspeakOptions {
    // PlaybackOrSilent plays through the sound device and synthesises silently when there is none (CI,
    // a kiosk whose speaker is unplugged); Silent never touches the sound device.
    enum class Output { PlaybackOrSilent, Silent };
    Output output = Output::PlaybackOrSilent;
    // How long start-up waits for the sound device to play an empty probe utterance before going silent.
    std::chrono::milliseconds probe_timeout{1000};
};

// espeak-ng keeps its state in globals, so at most one EspeakSpeech exists at a time in a process, and
// the sound device is probed once per process: espeak-ng 1.51 cannot reopen its audio output.
class EspeakSpeech final : public Speech {
public:
    // Loads espeak-ng and its "id" and "en" voices and chooses the output; the first PlaybackOrSilent
    // device of the process blocks up to options.probe_timeout when no sound device answers. Returns
    // Fails when espeak-ng or a voice cannot be loaded, or another EspeakSpeech exists.
    static Result<std::unique_ptr<EspeakSpeech>> create(const EspeakOptions& options);

    // Whether this process's probe found a working sound device; nullopt before any probe. Thread-safe.
    static std::optional<bool> sound_device_answered();

    ~EspeakSpeech() override;  // silences the device
    EspeakSpeech(const EspeakSpeech&) = delete;
    EspeakSpeech& operator=(const EspeakSpeech&) = delete;

    void say(const std::string& text, const std::string& language) override;
    void set_volume(int volume) override;
    int volume() const override { return volume_.load(); }
    void stop() override;
    std::string describe() const override;

    // False when synthesis is silent (requested, or no sound device).
    bool plays_audio() const { return plays_audio_; }
    int sample_rate() const { return sample_rate_; }

    // Test hooks. Waits until nothing is queued or being synthesised; in playback mode an utterance counts
    // as done once handed to the library's audio output. False on timeout.
    bool wait_until_idle(std::chrono::milliseconds timeout);
    // Silent mode only: utterances synthesised to their end (interrupted ones do not count), how many
    // 16-bit samples at sample_rate() the last of them produced, and its loudest absolute sample.
    std::uint64_t completed_utterances() const { return completed_utterances_.load(); }
    std::uint64_t last_utterance_samples() const { return last_utterance_samples_.load(); }
    int last_utterance_peak() const { return last_utterance_peak_.load(); }
    // The espeak-ng voice of the last utterance started: "id" or "en".
    std::string last_voice() const;

private:
    struct Request {
        std::string text;
        const char* voice = "id";
        int volume = kDefaultSpeechVolume;
    };

    EspeakSpeech(bool plays_audio, std::string output_note, std::string version, int sample_rate);
    void run();
    void speak(const Request& request);
    void record_failure(const std::string& what);

    const bool plays_audio_;
    const std::string output_note_;
    const std::string version_;
    const int sample_rate_;
    std::atomic<int> volume_{kDefaultSpeechVolume};
    std::atomic<std::uint64_t> completed_utterances_{0};
    std::atomic<std::uint64_t> last_utterance_samples_{0};
    std::atomic<int> last_utterance_peak_{0};

    mutable std::mutex mutex_;
    std::condition_variable wake_;  // the worker: something to say, silence or quit
    std::condition_variable idle_;  // wait_until_idle
    std::optional<Request> waiting_;
    bool silence_requested_ = false;
    bool busy_ = false;
    bool quitting_ = false;
    std::string last_voice_;
    std::string last_failure_;
    std::thread worker_;  // last: started once every member above exists
};

}  // namespace anjungan::hal
