// Technician mode's log page: the kiosk's recent log lines, newest first, in a small font, scrolled by touch.
#include "screens/technician.h"

namespace anjungan::screens {

void draw_technician_logs(const TechnicianView& view, TechnicianIntents& intents) {
    const ui::Theme& t = view.theme;
    draw_technician_title(view, "tech.logs.title");
    ImGui::PushFont(t.fonts.small);
    ui::text_wrapped(t.muted, view.tr("tech.logs.hint"));
    ImGui::PopFont();
    draw_technician_message(view);
    const auto& lines = view.session.log_lines();
    ImGui::BeginChild("##log", ImVec2(0, ImGui::GetContentRegionAvail().y - technician_bar_height(view)));
    ImGui::PushFont(t.fonts.small);
    if (lines.empty()) ui::text_wrapped(view.tr("tech.logs.loading"));
    for (const auto& line : lines) ui::text_wrapped(line);
    ImGui::PopFont();
    ui::touch_scroll();
    ImGui::EndChild();
    if (draw_technician_bar(view, intents, "tech-logs-refresh", view.tr("tech.logs.refresh")))
        intents.push_back(tech_intent::Show{TechnicianPage::Logs});
}

}  // namespace anjungan::screens
