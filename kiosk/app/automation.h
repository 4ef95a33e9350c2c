// Plays an automation script (SPEC §9) against the running UI, one step per rendered frame.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/core/script.h"
#include "screens/layout_check.h"
#include "screens/ui.h"

namespace anjungan::app {

struct AutomationHooks {
    std::function<void(bool down, ImVec2 where)> touch;             // deliver a real SDL touch event
    std::function<void(ImVec2 where)> touch_move;                   // the finger that is down moves there
    std::function<void(const std::string& payload)> scan;           // through the simulated scanner
    std::function<void(const std::string& text)> keyboard;          // real SDL key events, as a USB keyboard types
    std::function<void(int seconds)> advance_idle;                  // move the idle clock forward
    std::function<Status(const std::string& path)> screenshot;      // PNG of the frame just drawn
};

class ScriptRunner {
public:
    enum class Outcome { Running, Passed, Failed };

    ScriptRunner(std::vector<ScriptCommand> commands, AutomationHooks hooks);
    // With rules, every frame a command starts on, and the last one, must pass the layout check
    // (ANJUNGAN_LAYOUT_CHECK=1); the first defect fails the script at that command.
    void check_layout(ui::LayoutRules rules) { layout_rules_ = rules; }
    // Frames are then built and checked but rendered only for screenshots (ANJUNGAN_PIXELS=screenshots): a
    // journey that types hundreds of keys needs no software GL for each of them.
    void render_only_screenshots() { screenshots_only_ = true; }

    // Called once per frame after drawing and before presenting, with what that frame showed.
    Outcome after_frame(const ui::FrameRecord& shown, std::chrono::steady_clock::time_point now);
    const std::string& failure() const { return failure_; }
    // False while a layout check runs and this frame is not to be saved as a screenshot.
    bool needs_pixels() const;

private:
    using Clock = std::chrono::steady_clock;
    bool step(const ScriptCommand& c, const ui::FrameRecord& shown, Clock::time_point now);
    bool tap(const std::string& target, const ui::FrameRecord& shown);
    // A long press: the finger goes down at the target's centre and lifts once `c.number` ms of real time have
    // passed, frames going on meanwhile (what it opens may replace the target before then).
    bool hold(const ScriptCommand& c, const ui::FrameRecord& shown, Clock::time_point now);
    // A tap on a target that may be scrolled out of view: drags its region towards it first, as a visitor
    // would. Returns Done once tapped, Pending while scrolling, Missing when it is not on the screen at all.
    enum class Reach { Done, Pending, Missing };
    Reach tap_or_scroll(const std::string& target, const ui::FrameRecord& shown);
    bool continue_drag();
    bool fail_line(const ScriptCommand& c, const std::string& why);
    bool type_next(const ScriptCommand& c, const ui::FrameRecord& shown);
    bool layout_passes(const ui::FrameRecord& shown, const std::string& where);

    std::vector<ScriptCommand> commands_;
    AutomationHooks hooks_;
    size_t index_ = 0;
    int settle_frames_ = 0;          // frames to let the UI react before the next step
    bool release_pending_ = false;   // a finger is down, lift it next frame
    ImVec2 touch_at_{};
    Clock::time_point deadline_{};   // for wait, wait-for and hold
    bool timing_ = false;            // deadline_ is set (for hold: the finger is down)
    size_t typed_ = 0;               // bytes of a `type` already entered
    int switches_ = 0;               // page and shift keys pressed looking for the next character
    static constexpr int kMaxSwitches = 3;
    struct Drag {
        int steps_left = 0;          // finger moves still to make; the finger lifts after the last
        ImVec2 at{};
        float step = 0;              // vertical movement per frame
    } drag_;
    int drags_ = 0;                  // drags made for the current command: a target that never comes into view fails
    int unseen_frames_ = 0;          // frames the current command's target was not on screen at all
    std::string failure_;
    std::optional<ui::LayoutRules> layout_rules_;
    bool screenshots_only_ = false;
    size_t layout_checked_ = static_cast<size_t>(-1);  // the command whose first settled frame was checked
    std::string last_signature_;     // the previous frame's layout, to wait for a screen to settle
    bool layout_settled_ = false;
    int unsettled_frames_ = 0;
    Outcome outcome_ = Outcome::Running;
};

}  // namespace anjungan::app
