// Technician mode's reboot page: what a restart means for the kiosk, then a confirmation before it is done.
#include "screens/technician.h"

namespace anjungan::screens {

void draw_technician_reboot(const TechnicianView& view, TechnicianIntents& intents) {
    draw_technician_title(view, "tech.reboot.title");
    ui::text_wrapped(view.tr("tech.reboot.explain"));
    ImGui::Dummy(ImVec2(0, view.theme.px(24)));
    draw_technician_message(view);
    if (draw_technician_bar(view, intents, "tech-reboot-confirm", view.tr("tech.reboot.confirm"),
                            !technician_action_running(view), ui::Style::Danger))
        intents.push_back(tech_intent::Reboot{});
}

}  // namespace anjungan::screens
