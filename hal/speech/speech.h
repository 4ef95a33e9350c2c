// Speech device: reads screen titles and ticket numbers aloud for the accessibility mode, newest first.
#pragma once

#include <memory>
#include <string>

#include "kiosk/core/result.h"

namespace anjungan::hal {

inline constexpr int kMinSpeechVolume = 0;
inline constexpr int kMaxSpeechVolume = 100;
inline constexpr int kDefaultSpeechVolume = 100;

// Clamps a requested volume into kMinSpeechVolume..kMaxSpeechVolume.
int clamp_speech_volume(int volume);

class Speech {
public:
    virtual ~Speech() = default;

    // Queues `text` (UTF-8, plain text, not markup) and returns at once. Only the newest utterance matters:
    // a call interrupts the utterance being spoken and replaces one still waiting, so a visitor who moves
    // on never hears a stale screen. `language` "id" or "en" selects the voice; any other value is spoken
    // with the Indonesian voice, the kiosk's default. The utterance keeps the volume in effect at this
    // call. Empty text just silences the device, as stop() does. Not idempotent: repeating a call says
    // the text again. Thread-safe.
    virtual void say(const std::string& text, const std::string& language) = 0;

    // Sets the volume for utterances queued from now on (kMinSpeechVolume..kMaxSpeechVolume; values outside
    // are clamped, never rejected). The utterance already playing keeps its volume. Non-blocking,
    // idempotent, thread-safe.
    virtual void set_volume(int volume) = 0;

    // The current (clamped) volume; kDefaultSpeechVolume until set. Non-blocking, thread-safe.
    virtual int volume() const = 0;

    // Interrupts the utterance being spoken and drops any waiting one. Returns at once (the sound stops
    // within a fraction of a second). Idempotent, thread-safe.
    virtual void stop() = 0;

    // A short human-readable description of the backend for the technician, e.g. "sim" or
    // "espeak-ng 1.51 (silent: no sound device)". Thread-safe.
    virtual std::string describe() const = 0;
};

// Creates a speech device from a spec: "sim" (records what was said), "espeak" (espeak-ng through the
// sound device, or silent synthesis when there is none) or "none" (says nothing). Fails when the spec is
// unknown or the backend cannot start.
Result<std::unique_ptr<Speech>> make_speech(const std::string& spec);

}  // namespace anjungan::hal
