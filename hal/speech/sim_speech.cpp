// Simulated speech backend recording utterances.
#include "hal/speech/sim_speech.h"

namespace anjungan::hal {

void SimSpeech::say(const std::string& text, const std::string& language) {
    if (text.empty()) {
        stop();
        return;
    }
    Utterance utterance{text, language, volume_.load()};
    std::lock_guard lock(mutex_);
    if (held_)
        waiting_ = std::move(utterance);  // the one-slot queue: an older waiting utterance is never heard
    else
        spoken_.push_back(std::move(utterance));
}

void SimSpeech::set_volume(int volume) { volume_.store(clamp_speech_volume(volume)); }

void SimSpeech::stop() {
    std::lock_guard lock(mutex_);
    waiting_.reset();
}

std::vector<Utterance> SimSpeech::spoken() const {
    std::lock_guard lock(mutex_);
    return spoken_;
}

void SimSpeech::clear_spoken() {
    std::lock_guard lock(mutex_);
    spoken_.clear();
}

void SimSpeech::hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
}

void SimSpeech::release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    if (waiting_) spoken_.push_back(std::move(*waiting_));
    waiting_.reset();
}

}  // namespace anjungan::hal
