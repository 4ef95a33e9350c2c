// Service intro: what the service is, what to prepare, how long it takes and the legal deadline.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_intro(const ViewContext& view, Intents& intents) {
    const Session& s = view.session;
    if (!s.service()) return;
    const std::string prefix = "intro." + s.service()->code + ".";
    draw_title(view, intents, view.tr("service." + s.service()->code + ".name"));
    begin_body(view);
    ui::text_wrapped(view.tr(prefix + "what"));
    ImGui::Dummy(ImVec2(0, view.theme.px(16)));
    // The third heading is the service's own: a deadline for PPID, handling times for LAPOR!, what follows
    // for the others. LAPOR!'s times are what the office commits to, from the configuration.
    const std::string code = s.service()->code;
    const std::pair<std::string, std::string> parts[] = {
        {view.tr("intro.prepare"), view.tr(prefix + "prepare")},
        {view.tr("intro.duration"), view.tr(prefix + "duration")},
        {view.tr(prefix + "deadline_heading"),
         code == services::kLapor ? view.config.lapor_handling(s.language()) : view.tr(prefix + "deadline")}};
    for (const auto& [heading, text] : parts) {
        ImGui::PushFont(view.theme.fonts.small);
        ui::text_colored(view.theme.muted, heading);
        ImGui::PopFont();
        ui::text_wrapped(text);
    }
    end_body();
    draw_nav_bar(view, intents, true, "next", view.tr("intro.start"), intent::Next{});
}

}  // namespace anjungan::screens
