// Turns the key events of a keyboard-wedge scanner into payloads: US keymap, Enter/Tab ends, idle drops.
#pragma once

#include <linux/input.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace anjungan::hal {

struct KeyWedgeOptions {
    // A scanner types a whole code in a burst; a gap this long means the rest was lost.
    std::chrono::milliseconds inter_key_timeout{150};
    // false: a payload whose terminator never came is dropped (it may be truncated and still look valid);
    // true: it is delivered as if the terminator had arrived, for scanners configured without a suffix.
    bool deliver_on_timeout = false;
};

struct KeyWedgeStats {
    std::uint64_t payloads = 0;          // payloads completed
    std::uint64_t dropped_partials = 0;  // partial payloads dropped (timeout or lost events)
    std::uint64_t unknown_keys = 0;      // keys outside the US keymap, typed as U+001A so the core refuses them
};

// Not thread-safe; pure (no I/O), so recorded event streams and fuzzers can drive it.
class KeyWedgeDecoder {
public:
    // Character typed for a key the US keymap cannot express (a function key, Ctrl+letter): SUB, a
    // control character, so that the core refuses the payload instead of reading a silently altered one.
    static constexpr char kUnknownKey = '\x1A';
    // A payload stops growing here (keys are counted but not stored), far above the core's limit, so an
    // over-long code is still refused as too long and memory stays bounded.
    static constexpr std::size_t kMaxBytes = 4096;

    explicit KeyWedgeDecoder(KeyWedgeOptions options = {}) : options_(options) {}

    // Feeds one event; only EV_KEY matters. Returns a payload when this key ended one, or when this key
    // came after the inter-key timeout and the stale partial is delivered (deliver_on_timeout).
    std::optional<std::string> feed(const input_event& event);

    // Ends a partial payload idle since before `now_us - timeout` (monotonic microseconds, the clock of
    // the events). Returns it when deliver_on_timeout, otherwise drops it.
    std::optional<std::string> expire(std::int64_t now_us);

    // When the pending partial payload times out (monotonic microseconds), or nullopt when none is pending.
    std::optional<std::int64_t> deadline_us() const;

    // Events were lost (SYN_DROPPED): the partial payload cannot be trusted and is dropped.
    void abandon_partial();

    // Applies a key's state from a resynchronisation after lost events: modifiers only, nothing is typed.
    void resync_key(const input_event& event);

    const KeyWedgeStats& stats() const { return stats_; }

private:
    void press(unsigned code);
    std::optional<std::string> finish();
    void track_modifier(unsigned code, bool down);
    bool is_modifier(unsigned code) const;
    void type(char c);

    KeyWedgeOptions options_;
    KeyWedgeStats stats_;
    std::string partial_;
    bool pending_ = false;  // a key was typed since the last terminator (partial_ may be capped)
    std::int64_t last_key_us_ = 0;
    bool left_shift_ = false, right_shift_ = false, caps_lock_ = false;
    unsigned held_other_modifiers_ = 0;  // bit per Ctrl/Alt/Meta key held: what follows is not plain text
};

}  // namespace anjungan::hal
