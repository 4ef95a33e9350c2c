// Speech devices: the simulated recorder, the factory, and espeak-ng synthesising with and without a sound card.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "hal/speech/espeak_speech.h"
#include "hal/speech/sim_speech.h"
#include "tests/support/require_ok.h"

using namespace std::chrono_literals;
using anjungan::hal::EspeakOptions;
using anjungan::hal::EspeakSpeech;
using anjungan::hal::make_speech;
using anjungan::hal::SimSpeech;
using anjungan::hal::Speech;
using anjungan::hal::Utterance;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kTicketCall = "Nomor antrean A nol nol satu";
const std::string kLongerCall = kTicketCall + ". Silakan menuju loket tiga dan siapkan kartu tanda penduduk Anda.";

// Seconds of synthesis on a loaded machine: long enough to be caught mid-way by a newer call.
std::string very_long_text() {
    std::string text;
    for (int i = 0; i < 300; ++i) text += kLongerCall + " ";
    return text;
}

std::unique_ptr<EspeakSpeech> silent_espeak() {
    EspeakOptions options;
    options.output = EspeakOptions::Output::Silent;
    auto speech = anjungan::test::require_ok(EspeakSpeech::create(options));
    return speech;
}

// Synthesises `text` alone and returns how many samples it produced.
std::uint64_t samples_for(EspeakSpeech& speech, const std::string& text, const std::string& language = "id") {
    const auto completed = speech.completed_utterances();
    speech.say(text, language);
    REQUIRE(speech.wait_until_idle(10s));
    REQUIRE(speech.completed_utterances() == completed + 1);
    return speech.last_utterance_samples();
}

// Sets environment variables for one test and restores them after: espeak-ng's audio output (pcaudio)
// reads PulseAudio's server and ALSA's configuration from the environment when it opens the device.
class ScopedEnvironment {
public:
    explicit ScopedEnvironment(const std::map<std::string, std::string>& values) {
        for (const auto& [name, value] : values) {
            const char* old = std::getenv(name.c_str());
            saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
            setenv(name.c_str(), value.c_str(), 1);
        }
    }
    ~ScopedEnvironment() {
        for (const auto& [name, value] : saved_) {
            if (value)
                setenv(name.c_str(), value->c_str(), 1);
            else
                unsetenv(name.c_str());
        }
    }

private:
    std::map<std::string, std::optional<std::string>> saved_;
};

std::filesystem::path scratch_directory() {
    return std::filesystem::temp_directory_path() / ("anjungan-speech-" + std::to_string(getpid()));
}

// An ALSA configuration in the scratch directory whose default PCM is `pcm_definition`; PulseAudio is
// pointed at nothing so the ALSA configuration decides, whatever runs on the developer's machine.
class FakeSoundSystem {
public:
    explicit FakeSoundSystem(const std::string& pcm_definition) : directory_(scratch_directory()) {
        std::filesystem::create_directories(directory_);
        std::ofstream(directory_ / "asound.conf") << "pcm.!default " << pcm_definition << "\n";
        environment_ = std::make_unique<ScopedEnvironment>(std::map<std::string, std::string>{
            {"ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + (directory_ / "asound.conf").string()},
            {"PULSE_SERVER", "unix:" + (directory_ / "no-pulse-server").string()}});
    }
    ~FakeSoundSystem() {
        environment_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
    }
private:
    std::filesystem::path directory_;
    std::unique_ptr<ScopedEnvironment> environment_;
};

// espeak-ng probes the sound device once per process; ctest runs each case in its own process.
bool sound_device_not_yet_probed() {
    if (!EspeakSpeech::sound_device_answered()) return true;
    WARN("this process already probed the sound device; run this case alone (as ctest does) to check it");
    return false;
}

std::uintmax_t file_size_or_zero(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

}  // namespace

// The two sound-device cases come first: in a single-process run only the first probe counts.

TEST_CASE("espeak-ng falls back to silent synthesis when the sound device cannot be opened", "[hal][speech]") {
    if (!sound_device_not_yet_probed()) return;
    FakeSoundSystem sound("{ type hw card 31 }");  // no machine has a 32nd sound card
    EspeakOptions options;
    options.probe_timeout = 500ms;
    auto speech = anjungan::test::require_ok(EspeakSpeech::create(options));
    CHECK_FALSE(speech->plays_audio());
    CHECK_THAT(speech->describe(), Contains("silent: no sound device"));
    CHECK(samples_for(*speech, kTicketCall) > 0);
}

TEST_CASE("espeak-ng plays through the library's audio output when a sound device exists", "[hal][speech]") {
    if (!sound_device_not_yet_probed()) return;
    // ALSA's file plugin stands in for a sound card: whatever espeak-ng plays lands in a file.
    const auto played = scratch_directory() / "played.raw";
    FakeSoundSystem sound("{ type file slave.pcm \"null\" file \"" + played.string() + "\" format \"raw\" }");
    auto speech = anjungan::test::require_ok(EspeakSpeech::create(EspeakOptions{}));
    REQUIRE(speech->plays_audio());
    CHECK_THAT(speech->describe(), Contains("(playback)"));

    speech->set_volume(0);  // never audible, should a real device be reached after all
    speech->say(kTicketCall, "id");
    REQUIRE(speech->wait_until_idle(5s));
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (file_size_or_zero(played) < 22050 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    CHECK(file_size_or_zero(played) >= 22050);  // a second of 16-bit mono at 22.05 kHz, at least
    CHECK_THAT(speech->describe(), !Contains("failure"));
}

TEST_CASE("The simulated speech device records the text, language and volume of each utterance", "[hal][speech]") {
    SimSpeech speech;
    speech.say("Selamat datang", "id");
    speech.set_volume(40);
    speech.say("Queue number A001", "en");
    CHECK(speech.spoken() == std::vector<Utterance>{{"Selamat datang", "id", 100}, {"Queue number A001", "en", 40}});
    CHECK(speech.describe() == "sim");
}

TEST_CASE("A newer utterance replaces one still queued on the simulated speech device", "[hal][speech]") {
    SimSpeech speech;
    speech.hold();
    speech.say("Pilih layanan", "id");
    speech.say("Isi formulir", "id");
    CHECK(speech.spoken().empty());
    speech.release();
    CHECK(speech.spoken() == std::vector<Utterance>{{"Isi formulir", "id", 100}});
}

TEST_CASE("Stopping the simulated speech device drops the queued utterance", "[hal][speech]") {
    SimSpeech speech;
    speech.hold();
    speech.say("Pilih layanan", "id");
    speech.stop();
    speech.release();
    speech.hold();
    speech.say("Isi formulir", "id");
    speech.say("", "id");  // empty text silences too
    speech.release();
    CHECK(speech.spoken().empty());
}

TEST_CASE("The speech factory builds sim, none and espeak devices and rejects an unknown spec", "[hal][speech]") {
    auto sim = anjungan::test::require_ok(make_speech("sim"));
    CHECK(sim->describe() == "sim");

    auto none = anjungan::test::require_ok(make_speech("none"));
    none->say("Selamat datang", "id");  // says nothing, fails nothing
    none->stop();
    CHECK(none->describe() == "none");

    auto espeak = anjungan::test::require_ok(make_speech("espeak"));
    CHECK_THAT(espeak->describe(), StartsWith("espeak-ng 1."));

    const auto festival = make_speech("festival");
    REQUIRE_FALSE(festival);
    CHECK_THAT(festival.error().message, Contains("festival") && Contains("sim, espeak or none"));
}

TEST_CASE("Only one espeak-ng speech device exists at a time in a process", "[hal][speech]") {
    auto first = silent_espeak();
    const auto second = make_speech("espeak");
    REQUIRE_FALSE(second);
    CHECK_THAT(second.error().message, Contains("already used"));
    first.reset();
    CHECK(silent_espeak());  // the engine is free again once the first device is gone
}

TEST_CASE("Speech volume is clamped to 0..100 on every backend", "[hal][speech]") {
    std::vector<std::unique_ptr<Speech>> devices;
    devices.push_back(anjungan::test::require_ok(make_speech("sim")));
    devices.push_back(anjungan::test::require_ok(make_speech("none")));
    devices.push_back(silent_espeak());
    for (auto& speech : devices) {
        INFO(speech->describe());
        CHECK(speech->volume() == 100);
        speech->set_volume(150);
        CHECK(speech->volume() == 100);
        speech->set_volume(-20);
        CHECK(speech->volume() == 0);
        speech->set_volume(37);
        CHECK(speech->volume() == 37);
    }
}

TEST_CASE("espeak-ng synthesises an Indonesian ticket call into samples without a sound card", "[hal][speech]") {
    auto speech = silent_espeak();
    CHECK_FALSE(speech->plays_audio());
    CHECK_THAT(speech->describe(), Contains("silent: requested"));
    const auto samples = samples_for(*speech, kTicketCall);
    const double seconds = static_cast<double>(samples) / speech->sample_rate();
    CHECK(speech->last_voice() == "id");
    CHECK(seconds > 1.0);  // six words take well over a second at espeak-ng's 175 words a minute
    CHECK(seconds < 5.0);
    CHECK(speech->last_utterance_peak() > 1000);
}

TEST_CASE("espeak-ng speech lasts longer for longer text", "[hal][speech]") {
    auto speech = silent_espeak();
    const auto short_call = samples_for(*speech, kTicketCall);
    const auto long_call = samples_for(*speech, kLongerCall);
    CHECK(long_call > short_call * 3 / 2);
}

TEST_CASE("espeak-ng volume scales the synthesised samples, 0 being silence", "[hal][speech]") {
    auto speech = silent_espeak();
    speech->set_volume(100);
    samples_for(*speech, kTicketCall);
    const int loud = speech->last_utterance_peak();
    speech->set_volume(30);
    samples_for(*speech, kTicketCall);
    const int quiet = speech->last_utterance_peak();
    speech->set_volume(0);
    samples_for(*speech, kTicketCall);
    CHECK(quiet < loud * 6 / 10);
    CHECK(quiet > 0);
    CHECK(speech->last_utterance_peak() == 0);
}

TEST_CASE("espeak-ng speaks English with the en voice and any other language with the Indonesian one",
          "[hal][speech]") {
    auto speech = silent_espeak();
    CHECK(samples_for(*speech, "Queue number A zero zero one", "en") > 0);
    CHECK(speech->last_voice() == "en");
    CHECK(samples_for(*speech, kTicketCall, "jv") > 0);
    CHECK(speech->last_voice() == "id");
}

TEST_CASE("A newer utterance interrupts the one espeak-ng is still synthesising", "[hal][speech]") {
    auto speech = silent_espeak();
    const auto alone = samples_for(*speech, kTicketCall);
    const auto completed = speech->completed_utterances();

    speech->say(very_long_text(), "id");
    std::this_thread::sleep_for(50ms);  // let the worker start on it
    speech->say(kTicketCall, "id");
    REQUIRE(speech->wait_until_idle(10s));

    CHECK(speech->completed_utterances() == completed + 1);  // the long text never finished
    const auto after = speech->last_utterance_samples();
    CHECK(after > alone * 95 / 100);  // the newest one was spoken whole, nothing stale glued on
    CHECK(after < alone * 105 / 100);
}

TEST_CASE("Stopping espeak-ng interrupts the utterance being synthesised", "[hal][speech]") {
    auto speech = silent_espeak();
    speech->say(very_long_text(), "id");
    std::this_thread::sleep_for(50ms);
    speech->stop();
    REQUIRE(speech->wait_until_idle(10s));
    CHECK(speech->completed_utterances() == 0);
    CHECK(samples_for(*speech, kTicketCall) > 0);  // and it still speaks afterwards
}
