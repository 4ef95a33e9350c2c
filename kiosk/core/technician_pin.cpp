// The technician PIN pad's state: open, checking, answered, locked, and leaving by itself.
#include "kiosk/core/technician_pin.h"

namespace anjungan {

void TechnicianPinPad::open(Clock::time_point now) {
    open_ = true;
    last_touch_ = now;
    // A wrong PIN typed before the pad was left is no news now; a lockout still is.
    if (!locked(now)) answer_ = {};
}

void TechnicianPinPad::close() {
    open_ = false;
    if (answer_.kind != PinAnswer::Kind::Locked) answer_ = {};
}

void TechnicianPinPad::touch(Clock::time_point now) {
    if (open_) last_touch_ = now;
}

bool TechnicianPinPad::submit(Clock::time_point now) {
    if (!accepts_keys(now)) return false;
    last_touch_ = now;
    answer_ = {PinAnswer::Kind::Checking};
    return true;
}

void TechnicianPinPad::answered(const PinAnswer& answer, Clock::time_point now) {
    answer_ = answer;
    if (answer.kind == PinAnswer::Kind::Locked) locked_until_ = now + answer.locked_for;
    else locked_until_.reset();
}

bool TechnicianPinPad::tick(Clock::time_point now) {
    if (locked_until_ && now >= *locked_until_) {
        locked_until_.reset();
        if (answer_.kind == PinAnswer::Kind::Locked) answer_ = {};
    }
    if (!open_ || checking() || now - last_touch_ < idle_timeout_) return false;
    close();
    return true;
}

std::optional<TechnicianPinPad::Clock::time_point> TechnicianPinPad::next_change() const {
    if (!open_) return std::nullopt;
    const auto leave = last_touch_ + idle_timeout_;
    return locked_until_ ? std::min(leave, *locked_until_) : leave;
}

}  // namespace anjungan
