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

Result<std::unique_ptr<Speech>> make_speech(const std::string& spec) {
    if (spec == "sim") return std::unique_ptr<Speech>(std::make_unique<SimSpeech>());
    if (spec == "none") return std::unique_ptr<Speech>(std::make_unique<NoSpeech>());
    if (spec == "espeak") {
        auto speech = EspeakSpeech::create(EspeakOptions{});
        if (!speech) return fail("speech 'espeak': " + speech.error().message);
        return std::unique_ptr<Speech>(std::move(*speech));
    }
    return fail("speech '" + spec + "': unknown kind (expected sim, espeak or none)");
}

}  // namespace anjungan::hal
