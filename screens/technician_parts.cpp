// What the technician pages share: their title, the last action's message and the bar with the way back.
#include <algorithm>

#include "screens/technician.h"

namespace anjungan::screens {

void draw_technician_title(const TechnicianView& view, const std::string& title_key) {
    ImGui::PushFont(view.theme.fonts.title);
    ui::text_wrapped(view.tr(title_key));
    ImGui::PopFont();
}

bool technician_action_running(const TechnicianView& view) {
    return view.session.message() && view.session.message()->running;
}

void draw_technician_message(const TechnicianView& view) {
    const auto& message = view.session.message();
    if (!message) return;
    const ui::Theme& t = view.theme;
    const ImVec4 colour = message->running ? t.text : message->failed ? t.danger : t.selected;
    ui::text_wrapped(colour, Translations::format(view.tr(message->key), message->values));
    const auto detail = message->values.find("detail");
    if (message->failed && detail != message->values.end() && !detail->second.empty()) {
        ImGui::PushFont(t.fonts.small);
        ui::text_wrapped(t.muted, detail->second);  // the backend's own words, for the technician's report
        ImGui::PopFont();
    }
}

float technician_bar_height(const TechnicianView& view) {
    return view.theme.px(110) + ImGui::GetStyle().WindowPadding.y;
}

bool draw_technician_bar(const TechnicianView& view, TechnicianIntents& intents, const std::string& action_id,
                         const std::string& action_label, bool action_enabled, ui::Style action_style) {
    const ui::Theme& t = view.theme;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const float button_width = action_id.empty() ? std::min(t.px(520), width) : (width - style.ItemSpacing.x) / 2;
    const ImVec2 button(button_width, t.px(110));
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - style.WindowPadding.y - button.y);
    if (ui::button(t, "tech-back", view.tr("tech.back"), button, ui::Style::Secondary))
        intents.push_back(tech_intent::Show{});
    if (action_id.empty()) return false;
    ImGui::SameLine();
    ImGui::BeginDisabled(!action_enabled);
    const bool tapped = ui::button(t, action_id, action_label, button, action_style);
    ImGui::EndDisabled();
    return tapped && action_enabled;
}

}  // namespace anjungan::screens
