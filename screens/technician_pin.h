// The technician's second way in: the hidden corner over the visitor's screens, and the PIN pad it opens.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/technician_pin.h"
#include "screens/ui.h"

namespace anjungan::screens {

// Records the invisible automation target `tech-corner` in the window's top-right corner, above every visitor
// screen. It takes no input, so a tap there still reaches the control below. Returns true on the frame a finger
// that went down in the corner has stayed there for `hold`.
bool technician_corner_held(const ui::Theme& theme, std::chrono::milliseconds hold);

// What the PIN pad may read: never the visitor's session.
struct PinPadView {
    const TechnicianPinPad& pad;
    const Translations& translations;
    const std::string& language;
    const ui::Theme& theme;
    TechnicianPinPad::Clock::time_point now;  // for the lockout
    TimePoint wall_now;                       // to say when a locked pad may be tried again
};

using PinPadIntents = std::vector<PinPadIntent>;

// The PIN pad's view state: the digits typed so far, shown only as dots.
class PinPadScreen {
public:
    void draw(const PinPadView& view, PinPadIntents& intents);

private:
    void draw_keys(const PinPadView& view, PinPadIntents& intents, ImVec2 origin, ImVec2 size);
    std::string digits_;
};

}  // namespace anjungan::screens
