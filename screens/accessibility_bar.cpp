// The accessibility bar: large text, high contrast, reach layout, speech and volume, on the first screens.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// Six toggles in one row when each gets a comfortable width, else two rows of three (a narrow totem).
int bar_columns(const ViewContext& view, float width) { return width / 6 >= view.theme.px(200) ? 6 : 3; }

}  // namespace

float accessibility_bar_height(const ViewContext& view, float width, float row_height) {
    const int rows = 6 / bar_columns(view, width);
    return row_height * static_cast<float>(rows) + view.theme.px(10) * static_cast<float>(rows - 1);
}

void draw_accessibility_bar(const ViewContext& view, Intents& intents, float width, float height) {
    const ui::Theme& t = view.theme;
    const Accessibility& a = view.session.accessibility();
    const float spacing = t.px(10);
    const int columns = bar_columns(view, width);
    const float left = ImGui::GetCursorPosX();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
    const ImVec2 size((width - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns), height);
    int index = 0;
    auto toggle = [&](const char* id, const char* key, bool on, Intent intent) {
        if (index % columns) ImGui::SameLine();
        else ImGui::SetCursorPosX(left);
        ++index;
        if (ui::button(t, id, view.tr(key), size, on ? ui::Style::Selected : ui::Style::Secondary))
            intents.push_back(std::move(intent));
    };
    toggle("large-text", "access.large_text", a.large_text, intent::ToggleLargeText{});
    toggle("high-contrast", "access.high_contrast", a.high_contrast, intent::ToggleHighContrast{});
    toggle("reach", "access.reach", a.reach, intent::ToggleReach{});
    toggle("speech", "access.speech", a.speech, intent::ToggleSpeech{});
    toggle("volume-down", "access.volume_down", false, intent::VolumeDown{});
    toggle("volume-up", "access.volume_up", false, intent::VolumeUp{});
    ImGui::PopStyleVar();
}

}  // namespace anjungan::screens
