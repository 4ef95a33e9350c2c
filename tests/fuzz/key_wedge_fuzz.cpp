// libFuzzer target: the keyboard-wedge decoder turns any event stream into bounded, terminator-free payloads.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "hal/scanner/key_wedge_decoder.h"

using namespace anjungan::hal;

namespace {

void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    std::abort();
}

// Every byte a payload may hold: what the US keymap types, plus SUB for keys it cannot express.
bool typeable(char c) { return (c >= ' ' && c <= '~') || c == KeyWedgeDecoder::kUnknownKey; }

void check(const std::string& payload) {
    require(!payload.empty(), "a payload is never empty");
    require(payload.size() <= KeyWedgeDecoder::kMaxBytes, "a payload is bounded");
    for (char c : payload) require(typeable(c), "a payload holds only typeable characters (no terminators)");
}

// Six bytes per event: kind, code (2), value, time step (2, in 0.1 ms units so timeouts are reachable).
input_event next_event(const std::uint8_t* bytes, std::int64_t& now_us) {
    static constexpr unsigned short kTypes[] = {EV_KEY, EV_KEY, EV_KEY, EV_SYN, EV_MSC, EV_LED, EV_REL, EV_KEY};
    now_us += (bytes[4] | bytes[5] << 8) * 100;
    input_event event{};
    event.input_event_sec = static_cast<decltype(event.input_event_sec)>(now_us / 1'000'000);
    event.input_event_usec = static_cast<decltype(event.input_event_usec)>(now_us % 1'000'000);
    event.type = kTypes[bytes[0] & 7];
    event.code = static_cast<unsigned short>((bytes[1] | bytes[2] << 8) % (KEY_MAX + 1));
    event.value = static_cast<int>(bytes[3] % 4) - (bytes[3] >= 252 ? 5 : 0);  // mostly 0..3, sometimes negative
    return event;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    KeyWedgeDecoder decoder(KeyWedgeOptions{std::chrono::milliseconds(150), (data[0] & 1) != 0});
    std::int64_t now_us = 1'000'000;
    std::uint64_t delivered = 0;
    for (std::size_t at = 1; at + 6 <= size; at += 6) {
        const input_event event = next_event(data + at, now_us);
        if (data[at] & 0x80) {  // between events: the loop's idle timeout, lost events, or a resync
            if (auto payload = decoder.expire(now_us)) check(*payload), ++delivered;
            if (auto deadline = decoder.deadline_us()) require(*deadline > now_us, "expire leaves no overdue partial");
            if ((data[at] & 0x60) == 0x60) decoder.abandon_partial();
            if ((data[at] & 0x60) == 0x40) decoder.resync_key(event);
        }
        if (auto payload = decoder.feed(event)) check(*payload), ++delivered;
    }
    require(decoder.stats().payloads == delivered, "every completed payload is counted once");
    return 0;
}
