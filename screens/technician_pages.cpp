// The technician pages not yet built: their title and the way back, until each gets its own file.
#include "screens/technician.h"

namespace anjungan::screens {
namespace {

void draw_page_to_come(const TechnicianView& view, const char* title_key, TechnicianIntents& intents) {
    const ui::Theme& t = view.theme;
    const auto tr = [&](const std::string& key) -> const std::string& { return view.translations.get(view.language, key); };
    ImGui::PushFont(t.fonts.title);
    ui::text_wrapped(tr(title_key));
    ImGui::PopFont();
    const ImVec2 button(std::min(t.px(420), ImGui::GetContentRegionAvail().x), t.px(110));
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - button.y);
    if (ui::button(t, "tech-back", tr("tech.back"), button)) intents.push_back(tech_intent::Show{});
}

}  // namespace

void draw_technician_reprint(const TechnicianView& view, TechnicianIntents& intents) {
    draw_page_to_come(view, "tech.action.reprint", intents);
}
void draw_technician_logs(const TechnicianView& view, TechnicianIntents& intents) {
    draw_page_to_come(view, "tech.action.logs", intents);
}
void draw_technician_settings(const TechnicianView& view, TechnicianIntents& intents) {
    draw_page_to_come(view, "tech.action.settings", intents);
}
void draw_technician_reboot(const TechnicianView& view, TechnicianIntents& intents) {
    draw_page_to_come(view, "tech.action.reboot", intents);
}

}  // namespace anjungan::screens
