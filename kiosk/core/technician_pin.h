// The technician PIN pad's state between the hidden corner and technician mode: open over the visitor's screen,
// one check at a time, the last answer, the lockout, and closing by itself when untouched.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace anjungan {

// What the hidden corner and the PIN pad ask for.
namespace pin_intent {
struct Open {};  // the hidden corner was held
struct Submit {
    std::string pin;
};
struct Cancel {};  // back to the visitor's screen
}  // namespace pin_intent
using PinPadIntent = std::variant<pin_intent::Open, pin_intent::Submit, pin_intent::Cancel>;

// The last answer to a PIN, as the pad tells it.
struct PinAnswer {
    enum class Kind {
        None,      // nothing typed yet, or the lockout has ended
        Checking,  // sent to be checked, no answer yet
        Wrong,     // `tries_left` before a lockout (0: not known)
        TooSoon,   // typed again too soon after a wrong PIN: not checked
        Locked,    // no PIN is checked until `retry_at`
        NoPin,     // this kiosk has no technician PIN
        Failed,    // the check itself failed (the database)
    };
    Kind kind = Kind::None;
    int tries_left = 0;
    std::int64_t retry_at = 0;   // unix seconds: when a locked pad may be tried again
    std::chrono::seconds locked_for{0};  // from the answer's arrival to retry_at
};

class TechnicianPinPad {
public:
    using Clock = std::chrono::steady_clock;

    explicit TechnicianPinPad(std::chrono::seconds idle_timeout) : idle_timeout_(idle_timeout) {}

    // Opens the pad. A lockout still running is kept: the pad opens locked.
    void open(Clock::time_point now);
    void close();
    // Any touch while open keeps it open.
    void touch(Clock::time_point now);
    // The PIN was entered: true when it is to be checked now; false while a check runs or the pad is locked.
    bool submit(Clock::time_point now);
    // The check's answer (not Accepted: technician mode opens then and the pad closes).
    void answered(const PinAnswer& answer, Clock::time_point now);
    // Closes after the idle timeout without a touch (returns true when this call closed it), and ends a lockout
    // whose time has come.
    bool tick(Clock::time_point now);
    // When tick() next changes something; nullopt while closed.
    std::optional<Clock::time_point> next_change() const;

    bool is_open() const { return open_; }
    bool checking() const { return open_ && answer_.kind == PinAnswer::Kind::Checking; }
    bool locked(Clock::time_point now) const { return locked_until_ && now < *locked_until_; }
    // Keys take digits: open, no check running, not locked.
    bool accepts_keys(Clock::time_point now) const { return open_ && !checking() && !locked(now); }
    const PinAnswer& answer() const { return answer_; }

private:
    std::chrono::seconds idle_timeout_;
    bool open_ = false;
    Clock::time_point last_touch_{};
    PinAnswer answer_;
    std::optional<Clock::time_point> locked_until_;
};

}  // namespace anjungan
