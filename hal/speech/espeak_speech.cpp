// espeak-ng speech backend: one process-wide engine, a worker thread, playback or silent synthesis.
#include "hal/speech/espeak_speech.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace anjungan::hal {

namespace {

using Clock = std::chrono::steady_clock;

// Shared with the library's callback, which carries no pointer to a device and may run on the library's
// own event thread, even after a device is gone; hence plain atomics with static lifetime.
struct EngineSignals {
    std::atomic<std::uint64_t> samples{0};      // produced since the worker last reset it
    std::atomic<int> peak{0};                   // loudest absolute sample since then
    std::atomic<bool> interrupt{false};         // asks synchronous synthesis to abort
    std::atomic<bool> message_finished{false};  // the sound device played an utterance to its end
};
EngineSignals g_signals;

// espeak-ng is one set of globals, so its state is kept here, once per process. In 1.51 it cannot be
// reset: espeak_ng_Initialize after espeak_ng_Terminate hangs in the next Terminate, and selecting audio
// output again once the sound device is open fails every later open ("File exists"), leaving it mute.
enum class EngineOutput { Unset, Playback, Synchronous };
struct Engine {
    bool initialised = false;
    bool in_use = false;                 // by an EspeakSpeech
    EngineOutput output = EngineOutput::Unset;
    std::optional<bool> device_answered;  // the process's one probe of the sound device
};
std::mutex g_engine_mutex;
Engine g_engine;  // guarded by g_engine_mutex

void note_samples(const short* samples, int count) {
    int peak = g_signals.peak.load();
    for (int i = 0; i < count; ++i) peak = std::max(peak, std::abs(static_cast<int>(samples[i])));
    g_signals.peak = peak;  // only synchronous synthesis delivers samples, all on the worker thread
    g_signals.samples += static_cast<std::uint64_t>(count);
}

int on_synthesis(short* samples, int count, espeak_EVENT* events) {
    if (samples && count > 0) note_samples(samples, count);
    for (; events && events->type != espeakEVENT_LIST_TERMINATED; ++events)
        if (events->type == espeakEVENT_MSG_TERMINATED) g_signals.message_finished = true;
    return samples && g_signals.interrupt.load() ? 1 : 0;  // 1 makes synchronous synthesis stop early
}

std::string status_message(espeak_ng_STATUS status, espeak_ng_ERROR_CONTEXT context) {
    // PrintStatusCodeMessage names the file at fault (a missing phontab...); GetStatusCodeMessage cannot.
    char* text = nullptr;
    std::size_t size = 0;
    if (FILE* out = open_memstream(&text, &size)) {
        espeak_ng_PrintStatusCodeMessage(status, out, context);
        std::fclose(out);
    }
    std::string message = text ? text : "";
    std::free(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '.')) message.pop_back();
    if (message.rfind("Error: ", 0) == 0) message.erase(0, 7);  // the caller says what failed
    if (message.empty()) {
        char buffer[256] = {};
        espeak_ng_GetStatusCodeMessage(status, buffer, sizeof buffer);
        message = buffer;
    }
    return message;
}

// The helpers below run with g_engine_mutex held by EspeakSpeech::create.

bool initialise_engine(std::string& error) {
    if (g_engine.initialised) return true;
    espeak_ng_InitializePath(nullptr);  // ESPEAK_DATA_PATH, else the packaged espeak-ng-data
    espeak_ng_ERROR_CONTEXT context = nullptr;
    const espeak_ng_STATUS status = espeak_ng_Initialize(&context);
    if (status != ENS_OK) {
        error = "cannot load espeak-ng data: " + status_message(status, context);
        espeak_ng_ClearErrorContext(&context);
        return false;
    }
    espeak_SetSynthCallback(on_synthesis);
    g_engine.initialised = true;
    return true;
}

bool voices_available(std::string& error) {
    for (const char* voice : {"en", "id"}) {  // "id" last: the kiosk's default stays selected
        const espeak_ng_STATUS status = espeak_ng_SetVoiceByName(voice);
        if (status != ENS_OK) {
            error = std::string("espeak-ng voice '") + voice + "': " + status_message(status, nullptr) +
                    " (is espeak-ng-data installed?)";
            return false;
        }
    }
    return true;
}

bool select_output(EngineOutput output, std::string& error) {
    if (g_engine.output == output) return true;
    const espeak_ng_STATUS status = espeak_ng_InitializeOutput(
        output == EngineOutput::Playback ? ENOUTPUT_MODE_SPEAK_AUDIO : ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
    if (status != ENS_OK) {
        error = "espeak-ng output: " + status_message(status, nullptr);
        return false;
    }
    g_engine.output = output;
    return true;
}

// The library opens the sound device lazily and drops the error inside its own thread, so the only sign
// of a working device is an utterance reported as played to its end.
bool sound_device_answers(std::chrono::milliseconds timeout) {
    g_signals.message_finished = false;
    const char nothing[] = "";
    if (espeak_ng_Synthesize(nothing, sizeof nothing, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr) !=
        ENS_OK)
        return false;
    espeak_ng_Synchronize();
    const auto deadline = Clock::now() + timeout;
    while (!g_signals.message_finished.load() && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (g_signals.message_finished.load()) return true;
    espeak_ng_Cancel();  // drops the probe's undelivered events
    return false;
}

struct OutputChoice {
    bool plays_audio = false;
    std::string note;
};

std::optional<OutputChoice> choose_playback(std::chrono::milliseconds probe_timeout, std::string& error) {
    if (!g_engine.device_answered) {
        if (!select_output(EngineOutput::Playback, error)) return std::nullopt;
        g_engine.device_answered = sound_device_answers(probe_timeout);
    }
    if (*g_engine.device_answered && g_engine.output == EngineOutput::Playback)
        return OutputChoice{true, "playback"};
    if (!select_output(EngineOutput::Synchronous, error)) return std::nullopt;
    if (!*g_engine.device_answered) return OutputChoice{false, "silent: no sound device"};
    return OutputChoice{false, "silent: an earlier silent speech device in this process closed the sound output"};
}

std::optional<OutputChoice> choose_output(const EspeakOptions& options, std::string& error) {
    if (options.output == EspeakOptions::Output::PlaybackOrSilent) return choose_playback(options.probe_timeout, error);
    if (!select_output(EngineOutput::Synchronous, error)) return std::nullopt;
    return OutputChoice{false, "silent: requested"};
}

const char* voice_for(const std::string& language) { return language == "en" ? "en" : "id"; }

}  // namespace

Result<std::unique_ptr<EspeakSpeech>> EspeakSpeech::create(const EspeakOptions& options) {
    std::lock_guard lock(g_engine_mutex);
    if (g_engine.in_use) return fail("espeak-ng is already used by another speech device in this process");
    std::string error;
    if (!initialise_engine(error) || !voices_available(error)) return fail(error);
    const std::optional<OutputChoice> output = choose_output(options, error);
    if (!output) return fail(error);
    g_engine.in_use = true;
    return std::unique_ptr<EspeakSpeech>(
        new EspeakSpeech(output->plays_audio, output->note, espeak_Info(nullptr), espeak_ng_GetSampleRate()));
}

std::optional<bool> EspeakSpeech::sound_device_answered() {
    std::lock_guard lock(g_engine_mutex);
    return g_engine.device_answered;
}

EspeakSpeech::EspeakSpeech(bool plays_audio, std::string output_note, std::string version, int sample_rate)
    : plays_audio_(plays_audio),
      output_note_(std::move(output_note)),
      version_(std::move(version)),
      sample_rate_(sample_rate),
      worker_([this] { run(); }) {}

EspeakSpeech::~EspeakSpeech() {
    {
        std::lock_guard lock(mutex_);
        quitting_ = true;
        waiting_.reset();
        g_signals.interrupt = true;
    }
    wake_.notify_all();
    worker_.join();
    std::lock_guard lock(g_engine_mutex);
    g_engine.in_use = false;
}

void EspeakSpeech::say(const std::string& text, const std::string& language) {
    if (text.empty()) {
        stop();
        return;
    }
    {
        std::lock_guard lock(mutex_);
        waiting_ = Request{text, voice_for(language), volume_.load()};
        g_signals.interrupt = true;  // the utterance being synthesised is stale now
    }
    wake_.notify_all();
}

void EspeakSpeech::set_volume(int volume) { volume_.store(clamp_speech_volume(volume)); }

void EspeakSpeech::stop() {
    {
        std::lock_guard lock(mutex_);
        waiting_.reset();
        silence_requested_ = true;
        g_signals.interrupt = true;
    }
    wake_.notify_all();
}

std::string EspeakSpeech::describe() const {
    std::string description = "espeak-ng " + version_ + " (" + output_note_ + ")";
    std::lock_guard lock(mutex_);
    if (!last_failure_.empty()) description += "; last failure: " + last_failure_;
    return description;
}

bool EspeakSpeech::wait_until_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return !waiting_ && !silence_requested_ && !busy_; });
}

std::string EspeakSpeech::last_voice() const {
    std::lock_guard lock(mutex_);
    return last_voice_;
}

void EspeakSpeech::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return quitting_ || silence_requested_ || waiting_; });
        if (quitting_) break;
        const bool silence = std::exchange(silence_requested_, false);
        const std::optional<Request> request = std::exchange(waiting_, std::nullopt);
        g_signals.interrupt = false;  // whatever it interrupted is over; only a later call may interrupt again
        if (request) last_voice_ = request->voice;
        busy_ = true;
        lock.unlock();
        if (silence && plays_audio_) espeak_ng_Cancel();
        if (request) speak(*request);
        lock.lock();
        busy_ = false;
        idle_.notify_all();
    }
    lock.unlock();
    if (plays_audio_) espeak_ng_Cancel();  // the sound stops with the device
}

void EspeakSpeech::speak(const Request& request) {
    // In playback mode the library speaks on its own thread; cancel a stale utterance so the newest is not
    // queued behind it and voice and volume never change under a running synthesis. Only when something
    // plays: Cancel closes the sound device, and reopening it for every utterance adds latency.
    if (plays_audio_ && espeak_IsPlaying()) espeak_ng_Cancel();
    espeak_ng_STATUS status = espeak_ng_SetVoiceByName(request.voice);
    // espeakVOLUME runs 0..200 with 100 the voice's natural loudness; above that it amplifies and clips on
    // small kiosk speakers, so the kiosk's 0..100 maps straight onto 0..100.
    if (status == ENS_OK) status = espeak_ng_SetParameter(espeakVOLUME, request.volume, 0);
    if (status != ENS_OK) {
        record_failure("voice setup: " + status_message(status, nullptr));
        return;
    }
    g_signals.samples = 0;
    g_signals.peak = 0;
    status = espeak_ng_Synthesize(request.text.c_str(), request.text.size() + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8, nullptr, nullptr);
    if (status == ENS_SPEECH_STOPPED) return;  // interrupted by a newer say() or stop(): not a failure
    if (status != ENS_OK) {
        record_failure("synthesis: " + status_message(status, nullptr));
        return;
    }
    if (plays_audio_) return;  // the library's thread is still speaking; its samples never reach us
    last_utterance_samples_ = g_signals.samples.load();
    last_utterance_peak_ = g_signals.peak.load();
    ++completed_utterances_;
}

void EspeakSpeech::record_failure(const std::string& what) {
    std::lock_guard lock(mutex_);
    last_failure_ = what;
}

}  // namespace anjungan::hal
