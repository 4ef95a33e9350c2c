// Script runner: taps as real touch events at a target's centre, checks what the frame shows.
#include "kiosk/app/automation.h"

#include <algorithm>
#include <cstdio>
#include <cctype>

namespace anjungan::app {

ScriptRunner::ScriptRunner(std::vector<ScriptCommand> commands, AutomationHooks hooks)
    : commands_(std::move(commands)), hooks_(std::move(hooks)) {}

namespace {

// What a frame's layout looks like, to tell a settled frame from the first one of a new screen (whose scrolling
// regions ImGui sizes from the frame before).
std::string layout_signature(const ui::FrameRecord& frame) {
    std::string out;
    char buf[64];
    for (const auto& t : frame.targets) {
        const auto& b = t.placement.box;
        std::snprintf(buf, sizeof buf, "|%.0f,%.0f,%.0f,%.0f,%d", b.min.x, b.min.y, b.max.x, b.max.y,
                      t.placement.scrolls ? 1 : 0);
        out += t.id + buf;
    }
    return out + "|" + std::to_string(frame.texts.size());
}

}  // namespace

ScriptRunner::Outcome ScriptRunner::after_frame(const ui::FrameRecord& shown, Clock::time_point now) {
    if (outcome_ != Outcome::Running) return outcome_;
    if (layout_rules_) {
        std::string signature = layout_signature(shown);
        layout_settled_ = signature == last_signature_;
        last_signature_ = std::move(signature);
    }
    if (release_pending_) {
        hooks_.touch(false, touch_at_);
        release_pending_ = false;
        settle_frames_ = 2;  // one frame handles the release, the next shows its effect
        return outcome_;
    }
    if (continue_drag()) return outcome_;
    if (settle_frames_ > 0) {
        --settle_frames_;
        return outcome_;
    }
    if (index_ >= commands_.size()) {
        if (!layout_passes(shown, "after the last line")) return outcome_;
        return outcome_ = Outcome::Passed;
    }
    const ScriptCommand& c = commands_[index_];
    if (!layout_passes(shown, "line " + std::to_string(c.line) + ": " + c.source)) return outcome_;
    if (step(c, shown, now) && outcome_ == Outcome::Running) {
        ++index_;
        timing_ = false;
        typed_ = 0;
        switches_ = 0;
        drags_ = 0;
        unseen_frames_ = 0;
    }
    return outcome_;
}

bool ScriptRunner::needs_pixels() const {
    if (!layout_rules_ && !screenshots_only_) return true;
    return index_ < commands_.size() && commands_[index_].kind == ScriptCommand::Kind::Screenshot;
}

bool ScriptRunner::layout_passes(const ui::FrameRecord& shown, const std::string& where) {
    if (!layout_rules_ || layout_checked_ == index_) return true;
    if (!layout_settled_ && ++unsettled_frames_ < 10) return false;  // look again at the next frame
    unsettled_frames_ = 0;
    layout_checked_ = index_;
    const auto problems = ui::check_layout(shown, *layout_rules_);
    if (problems.empty()) return true;
    failure_ = "layout before " + where + ":";
    for (const auto& p : problems) failure_ += "\n  " + p;
    outcome_ = Outcome::Failed;
    return false;
}

bool ScriptRunner::fail_line(const ScriptCommand& c, const std::string& why) {
    failure_ = "line " + std::to_string(c.line) + ": " + c.source + ": " + why;
    outcome_ = Outcome::Failed;
    return false;
}

bool ScriptRunner::tap(const std::string& target, const ui::FrameRecord& shown) {
    const ui::Target* t = shown.find_target(target);
    if (!t) return false;
    touch_at_ = t->centre();
    hooks_.touch(true, touch_at_);
    release_pending_ = true;
    return true;
}

bool ScriptRunner::hold(const ScriptCommand& c, const ui::FrameRecord& shown, Clock::time_point now) {
    if (timing_) {
        if (now < deadline_) return false;
        hooks_.touch(false, touch_at_);
        settle_frames_ = 2;
        return true;
    }
    const ui::Target* t = shown.find_target(c.text);
    if (!t) {
        // A screen that just changed may take a frame or two to show all of its controls.
        if (++unseen_frames_ <= 5) return false;
        return fail_line(c, "target '" + c.text + "' is not visible");
    }
    touch_at_ = t->centre();
    hooks_.touch(true, touch_at_);
    timing_ = true;
    deadline_ = now + std::chrono::milliseconds(c.number);
    return false;
}

namespace {

// The UTF-8 character starting at `at` (continuation bytes follow their lead byte).
std::string character_at(const std::string& text, size_t at) {
    size_t end = at + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return text.substr(at, end - at);
}

// The switch keys to try, in order, for a character not on the page shown: a letter is on the letters page,
// perhaps behind shift; anything else is on the symbols page or back on the letters page.
std::vector<std::string> switches_for(const std::string& ch) {
    if (ch.size() == 1 && std::isalpha(static_cast<unsigned char>(ch[0]))) return {"key:letters", "key:shift"};
    return {"key:symbols", "key:letters"};
}

}  // namespace

ScriptRunner::Reach ScriptRunner::tap_or_scroll(const std::string& target, const ui::FrameRecord& shown) {
    if (tap(target, shown)) return Reach::Done;
    const ui::Target* away = nullptr;
    for (const auto& t : shown.scrolled_away)
        if (t.id == target || t.label == target) away = &t;
    // A screen that just changed may take a frame or two to show all of its controls.
    if (!away) return ++unseen_frames_ <= 5 ? Reach::Pending : Reach::Missing;
    if (++drags_ > 20 || !hooks_.touch_move) return Reach::Missing;
    // Drag the region's middle towards the target, at most most of a view per drag, in steps a finger makes.
    const ui::Box& view = away->placement.clip;
    const ImVec2 middle((view.min.x + view.max.x) / 2, (view.min.y + view.max.y) / 2);
    const float wanted = middle.y - (away->placement.box.min.y + away->placement.box.max.y) / 2;
    const float limit = view.height() * 0.7f;
    const float distance = std::clamp(wanted, -limit, limit);
    drag_ = {6, ImVec2(middle.x, middle.y - distance / 2), distance / 6};
    hooks_.touch(true, drag_.at);
    return Reach::Pending;
}

bool ScriptRunner::continue_drag() {
    if (drag_.steps_left == 0) return false;
    drag_.at.y += drag_.step;
    hooks_.touch_move(drag_.at);
    if (--drag_.steps_left == 0) {
        hooks_.touch(false, drag_.at);
        settle_frames_ = 2;
    }
    return true;
}

bool ScriptRunner::type_next(const ScriptCommand& c, const ui::FrameRecord& shown) {
    if (typed_ >= c.text.size()) return true;
    const std::string ch = character_at(c.text, typed_);
    const std::string key = ch == " " ? "key:space" : "key:" + ch;
    if (shown.find_target(key) && tap(key, shown)) {
        typed_ += ch.size();
        switches_ = 0;
        return typed_ >= c.text.size();
    }
    // Not on this page: press a page or shift key as a visitor would, and look again next step. Three presses
    // visit every page in both shift states; after that no page has the character.
    if (switches_ < kMaxSwitches)
        for (const std::string& s : switches_for(ch))
            if (tap(s, shown)) {
                ++switches_;
                return false;
            }
    return fail_line(c, "no on-screen key for '" + ch + "' on any page of this keyboard");
}

bool ScriptRunner::step(const ScriptCommand& c, const ui::FrameRecord& shown, Clock::time_point now) {
    using K = ScriptCommand::Kind;
    switch (c.kind) {
        case K::Tap:
            switch (tap_or_scroll(c.text, shown)) {
                case Reach::Done: return true;
                case Reach::Pending: return false;
                case Reach::Missing:
                    return fail_line(c, "target '" + c.text + "' is not visible" +
                                            (drags_ > 1 ? " (still scrolled away after 20 drags)" : ""));
            }
            return true;
        case K::Hold: return hold(c, shown, now);
        case K::Type: return type_next(c, shown);
        case K::Keyboard:
            hooks_.keyboard(c.text);
            settle_frames_ = 2;
            return true;
        case K::Scan:
            hooks_.scan(c.text);
            settle_frames_ = 2;
            return true;
        case K::Idle:
            hooks_.advance_idle(static_cast<int>(c.number));
            settle_frames_ = 2;
            return true;
        case K::Wait:
            if (!timing_) {
                timing_ = true;
                deadline_ = now + std::chrono::milliseconds(c.number);
            }
            return now >= deadline_;
        case K::Expect:
            if (!shown.shows(c.text)) return fail_line(c, "'" + c.text + "' is not visible");
            return true;
        case K::ExpectNot:
            if (shown.shows(c.text)) return fail_line(c, "'" + c.text + "' is visible");
            return true;
        case K::WaitFor:
            if (shown.shows(c.text)) return true;
            if (!timing_) {
                timing_ = true;
                deadline_ = now + std::chrono::milliseconds(c.number);
            } else if (now >= deadline_) {
                return fail_line(c, "'" + c.text + "' did not appear within " + std::to_string(c.number) + " ms");
            }
            return false;
        case K::Screenshot:
            if (auto s = hooks_.screenshot(c.text); !s) return fail_line(c, s.error().message);
            return true;
    }
    return true;
}

}  // namespace anjungan::app
