// Files the kiosk writes for other processes on the device: the technician-mode flag and the opt-in control map.
#pragma once

#include <optional>
#include <string>

#include "screens/ui.h"

namespace anjungan::app {

// While technician mode is open an empty file exists at the path in ANJUNGAN_TECHNICIAN_FLAG (set by the
// image's unit): a root service mounts USB sticks read-only only then. Without the variable it does nothing.
class TechnicianFlag {
public:
    TechnicianFlag();
    void sync(bool open);  // creates or removes the file when `open` differs from what was last written

private:
    std::string path_;
    std::optional<bool> written_;  // unknown at start: a flag left by a crashed kiosk is removed
};

// "<id> <x> <y> <w> <h>" in window pixels for each visible control with an id, one a line.
std::string control_lines(const ui::FrameRecord& record);

// With ANJUNGAN_CONTROL_MAP=<path> (VM tests only, never by default) the control lines are written to that path,
// atomically (temp file + rename), after each frame whose visible controls changed, so a test driving the screen
// with pointer events knows where to touch.
class ControlMap {
public:
    ControlMap();
    void after_frame(const ui::FrameRecord& record);

private:
    std::string path_;
    std::optional<std::string> written_;
};

}  // namespace anjungan::app
