// The hidden corner and the technician PIN pad: big digit keys, the digits shown as dots, the answer in plain words.
#include "screens/technician_pin.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "kiosk/core/calendar.h"
#include "kiosk/maintenance/technician_access.h"

namespace anjungan::screens {
namespace {

bool inside(const ui::Box& box, ImVec2 p) {
    return p.x >= box.min.x && p.x <= box.max.x && p.y >= box.min.y && p.y <= box.max.y;
}

// When a locked pad may be tried again: the time of day, rounded up to the minute (at 10:05:20 it is still locked
// at 10:05), with the date in front when that is not today.
std::string retry_time_text(const PinPadView& view) {
    const std::int64_t minute = (view.pad.answer().retry_at + 59) / 60 * 60;
    const LocalTime at = to_local(TimePoint(std::chrono::seconds(minute)));
    const LocalTime today = to_local(view.wall_now);
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", at.hour, at.minute);
    if (at.year == today.year && at.month == today.month && at.day == today.day) return clock;
    return long_date(at, view.language) + " " + clock;
}

// The line under the dots: what to do, or the answer to the last PIN.
std::string answer_text(const PinPadView& view) {
    const auto tr = [&](const char* key) -> const std::string& { return view.translations.get(view.language, key); };
    const PinAnswer& a = view.pad.answer();
    using K = PinAnswer::Kind;
    switch (a.kind) {
        case K::None: return tr("tech.pin.hint");
        case K::Checking: return tr("tech.pin.checking");
        case K::Wrong:
            if (a.tries_left <= 1) return tr("tech.pin.wrong_last");
            return Translations::format(tr("tech.pin.wrong"), {{"tries", std::to_string(a.tries_left)}});
        case K::TooSoon: return tr("tech.pin.too_soon");
        case K::Locked: return Translations::format(tr("tech.pin.locked"), {{"time", retry_time_text(view)}});
        case K::NoPin: return tr("tech.pin.no_pin");
        case K::Failed: return tr("tech.pin.failed");
    }
    return "";
}

bool is_refusal(PinAnswer::Kind kind) {
    using K = PinAnswer::Kind;
    return kind == K::Wrong || kind == K::TooSoon || kind == K::Locked || kind == K::NoPin || kind == K::Failed;
}

// The digits typed, as dots in a box the size of one line of the title font; never the digits themselves.
void draw_dots(const ui::Theme& t, const std::string& digits, float width) {
    ImGui::PushFont(t.fonts.title);
    const float height = ImGui::GetTextLineHeight() + t.px(24);
    ImGui::Dummy(ImVec2(width, height));
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, ImGui::GetColorU32(t.field), t.px(14));
    draw->AddRect(min, max, ImGui::GetColorU32(t.muted), t.px(14), 0, t.px(2));
    std::string dots;
    for (size_t i = 0; i < digits.size(); ++i) dots += i ? " \u2022" : "\u2022";
    const ImVec2 size = ImGui::CalcTextSize(dots.c_str());
    const ImVec2 at((min.x + max.x - size.x) / 2, (min.y + max.y - size.y) / 2);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, ImGui::GetColorU32(t.text), dots.c_str());
    if (!dots.empty()) ui::frame_record().texts.push_back(ui::ShownText(dots, ui::last_item_placement()));
    ImGui::PopFont();
}

// Digits up to the longest PIN, backspace when there is one to take back, enter once the PIN is long enough.
bool key_enabled(const std::string& key, const std::string& digits) {
    if (key == "backspace") return !digits.empty();
    if (key == "enter") return digits.size() >= maintenance::kShortestPin;
    return digits.size() < maintenance::kLongestPin;
}

}  // namespace

bool technician_corner_held(const ui::Theme& theme, std::chrono::milliseconds hold) {
    const ImGuiIO& io = ImGui::GetIO();
    const float side = std::round(theme.px(120));
    const ui::Box corner{ImVec2(io.DisplaySize.x - side, 0), ImVec2(io.DisplaySize.x, side)};
    ui::frame_record().hidden.push_back({"tech-corner", "", corner.min, corner.max, {corner, corner}});
    // Read from ImGui's pointer state, not from a widget: a widget there would take the tap from the control below.
    const float seconds = std::chrono::duration<float>(hold).count();
    return io.MouseDown[0] && io.MouseDownDurationPrev[0] < seconds && io.MouseDownDuration[0] >= seconds &&
           inside(corner, io.MouseClickedPos[0]) && inside(corner, io.MousePos);
}

void PinPadScreen::draw(const PinPadView& view, PinPadIntents& intents) {
    const ui::Theme& t = view.theme;
    const auto tr = [&](const char* key) -> const std::string& { return view.translations.get(view.language, key); };
    if (!view.pad.accepts_keys(view.now)) digits_.clear();  // a PIN sent or refused is typed again from the start
    const ImVec2 origin = ImGui::GetCursorPos();
    const ImVec2 area = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float cancel_height = t.px(120);
    // Landscape: the words on the left with "cancel" under them, the keys on the right. Portrait: the words on
    // top, the keys under them, "cancel" at the bottom.
    const float text_width = t.portrait ? area.x : std::floor((area.x - spacing) * 0.45f);
    const float text_height = t.portrait ? std::floor(area.y * 0.3f) : area.y - cancel_height - spacing;
    const ImVec2 keys_origin = t.portrait ? ImVec2(origin.x, origin.y + text_height + spacing)
                                          : ImVec2(origin.x + text_width + spacing, origin.y);
    const ImVec2 keys_size = t.portrait ? ImVec2(area.x, area.y - text_height - cancel_height - 2 * spacing)
                                        : ImVec2(area.x - text_width - spacing, area.y);
    ImGui::BeginChild("##pin-words", ImVec2(text_width, text_height));
    ImGui::PushFont(t.fonts.title);
    ui::text_wrapped(tr("tech.pin.title"));
    ImGui::PopFont();
    draw_dots(t, digits_, ImGui::GetContentRegionAvail().x);
    const std::string message = answer_text(view);
    if (is_refusal(view.pad.answer().kind)) ui::text_wrapped(t.danger, message);
    else ui::text_wrapped(t.muted, message);
    ImGui::EndChild();
    draw_keys(view, intents, keys_origin, keys_size);
    ImGui::SetCursorPos(ImVec2(origin.x, origin.y + area.y - cancel_height));
    ImGui::BeginDisabled(view.pad.checking());
    const ImVec2 cancel(text_width, cancel_height);
    if (ui::button(t, "tech-pin-cancel", tr("common.cancel"), cancel, ui::Style::Secondary)) {
        digits_.clear();
        intents.emplace_back(std::in_place_type<pin_intent::Cancel>);  // GCC 12 misreads a pushed temporary
    }
    ImGui::EndDisabled();
}

void PinPadScreen::draw_keys(const PinPadView& view, PinPadIntents& intents, ImVec2 origin, ImVec2 size) {
    const ui::Theme& t = view.theme;
    static const char* const rows[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"},
                                           {"backspace", "0", "enter"}};
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // As tall as the place allows, never taller than wide.
    const float key_width = std::floor((size.x - 2 * spacing) / 3);
    const ImVec2 key(key_width, std::floor(std::min(key_width, (size.y - 3 * spacing) / 4)));
    const float top = origin.y + std::max(0.0f, size.y - 4 * key.y - 3 * spacing);  // the last row at the bottom
    const bool keys_on = view.pad.accepts_keys(view.now);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 3; ++c) {
            const std::string name = rows[r][c];
            const bool digit = name.size() == 1;
            const bool enabled = keys_on && key_enabled(name, digits_);
            const std::string label = digit ? name : view.translations.get(view.language, "keyboard." + name);
            ImGui::SetCursorPos(ImVec2(origin.x + c * (key.x + spacing), top + r * (key.y + spacing)));
            ImGui::BeginDisabled(!enabled);
            const auto style = name == "enter" ? ui::Style::Primary : ui::Style::Secondary;
            ImGui::PushFont(digit ? t.fonts.title : t.fonts.body);
            const bool pressed = ui::button(t, "key:" + name, label, key, style);
            ImGui::PopFont();
            if (pressed) {
                if (digit) digits_ += name;
                else if (name == "backspace") digits_.pop_back();
                else intents.push_back(pin_intent::Submit{std::exchange(digits_, {})});
            }
            ImGui::EndDisabled();
        }
}

}  // namespace anjungan::screens
