// Plays an automation script (SPEC §9) against the running UI, one step per rendered frame.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/core/script.h"
#include "screens/ui.h"

namespace anjungan::app {

struct AutomationHooks {
    std::function<void(bool down, ImVec2 where)> touch;             // deliver a real SDL touch event
    std::function<void(const std::string& payload)> scan;           // through the simulated scanner
    std::function<void(int seconds)> advance_idle;                  // move the idle clock forward
    std::function<Status(const std::string& path)> screenshot;      // PNG of the frame just drawn
};

class ScriptRunner {
public:
    enum class Outcome { Running, Passed, Failed };

    ScriptRunner(std::vector<ScriptCommand> commands, AutomationHooks hooks);

    // Called once per frame after drawing and before presenting, with what that frame showed.
    Outcome after_frame(const ui::FrameRecord& shown, std::chrono::steady_clock::time_point now);
    const std::string& failure() const { return failure_; }

private:
    using Clock = std::chrono::steady_clock;
    bool step(const ScriptCommand& c, const ui::FrameRecord& shown, Clock::time_point now);
    bool tap(const std::string& target, const ui::FrameRecord& shown);
    bool fail_line(const ScriptCommand& c, const std::string& why);
    bool type_next(const ScriptCommand& c, const ui::FrameRecord& shown);

    std::vector<ScriptCommand> commands_;
    AutomationHooks hooks_;
    size_t index_ = 0;
    int settle_frames_ = 0;          // frames to let the UI react before the next step
    bool release_pending_ = false;   // a finger is down, lift it next frame
    ImVec2 touch_at_{};
    Clock::time_point deadline_{};   // for wait and wait-for
    bool timing_ = false;
    size_t typed_ = 0;               // bytes of a `type` already entered
    int switches_ = 0;               // page and shift keys pressed looking for the next character
    static constexpr int kMaxSwitches = 3;
    std::string failure_;
    Outcome outcome_ = Outcome::Running;
};

}  // namespace anjungan::app
