// Speech factory, the silent "none" device and volume clamping.
#include "hal/speech/speech.h"

#include <algorithm>
#include <atomic>

#include "hal/speech/espeak_speech.h"
#include "hal/speech/sim_speech.h"

namespace anjungan::hal {

namespace {

// For kiosks without speakers: the UI keeps its volume control working, nothing is heard.
class NoSpeech final : public Speech {
public:
    void say(const std::string&, const std::string&) override {}
    void set_volume(int volume) override { volume_.store(clamp_speech_volume(volume)); }
    int volume() const override { return volume_.load(); }
    void stop() override {}
    std::string describe() const override { return "none"; }

private:
    std::atomic<int> volume_{kDefaultSpeechVolume};
};

}  // namespace

int clamp_speech_volume(int volume) { return std::clamp(volume, kMinSpeechVolume, kMaxSpeechVolume); }

std::unique_ptr<Speech> make_speech(const std::string& spec, std::string& error) {
    if (spec == "sim") return std::make_unique<SimSpeech>();
    if (spec == "none") return std::make_unique<NoSpeech>();
    if (spec == "espeak") {
        auto speech = EspeakSpeech::create(EspeakOptions{}, error);
        if (!speech) error = "speech 'espeak': " + error;
        return speech;
    }
    error = "speech '" + spec + "': unknown kind (expected sim, espeak or none)";
    return nullptr;
}

}  // namespace anjungan::hal
