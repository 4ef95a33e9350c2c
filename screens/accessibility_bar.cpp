// The accessibility bar: large text, high contrast, reach layout, speech and volume, on the first screens.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_accessibility_bar(const ViewContext& view, Intents& intents, float width, float height) {
    const ui::Theme& t = view.theme;
    const Accessibility& a = view.session.accessibility();
    const float spacing = t.px(10);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
    const ImVec2 size((width - spacing * 5) / 6, height);
    auto toggle = [&](const char* id, const char* key, bool on, Intent::Kind kind, bool last = false) {
        if (ui::button(t, id, view.tr(key), size, on ? ui::Style::Selected : ui::Style::Secondary))
            intents.push_back({kind});
        if (!last) ImGui::SameLine();
    };
    toggle("large-text", "access.large_text", a.large_text, Intent::Kind::ToggleLargeText);
    toggle("high-contrast", "access.high_contrast", a.high_contrast, Intent::Kind::ToggleHighContrast);
    toggle("reach", "access.reach", a.reach, Intent::Kind::ToggleReach);
    toggle("speech", "access.speech", a.speech, Intent::Kind::ToggleSpeech);
    toggle("volume-down", "access.volume_down", false, Intent::Kind::VolumeDown);
    toggle("volume-up", "access.volume_up", false, Intent::Kind::VolumeUp, true);
    ImGui::PopStyleVar();
}

}  // namespace anjungan::screens
