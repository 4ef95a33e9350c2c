// Technician mode's reprint page: a ticket's reference typed on the keyboard or scanned, then printed again.
#include <algorithm>

#include "screens/keyboard.h"
#include "screens/technician.h"

namespace anjungan::screens {

void draw_technician_reprint(const TechnicianView& view, TechnicianIntents& intents) {
    const ui::Theme& t = view.theme;
    const std::string& reference = view.session.reprint_reference();
    draw_technician_title(view, "tech.reprint.title");
    ui::text_wrapped(view.tr("tech.reprint.hint"));
    ui::text_field(t, "tech-reprint-reference", reference, true, t.px(100));
    draw_technician_message(view);
    // The keyboard takes what is left above the bar, up to its full size.
    const float bar = technician_bar_height(view);
    const float room = ImGui::GetContentRegionAvail().y - bar;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, room - OnScreenKeyboard::height(t)));
    ImGui::BeginChild("##keyboard", ImVec2(0, std::min(room, OnScreenKeyboard::height(t))));
    // The reference layout has neither shift nor a symbols page: this keyboard keeps no state worth resetting.
    static OnScreenKeyboard keyboard;
    bool changed = false, enter = false;
    const std::string typed =
        keyboard.draw(t, view.translations, view.language, "reference", reference, 40, changed, enter);
    ImGui::EndChild();
    if (changed) intents.push_back(tech_intent::SetReprintReference{typed});
    const bool can_print = !reference.empty() && !technician_action_running(view);
    if (draw_technician_bar(view, intents, "tech-reprint-confirm", view.tr("tech.reprint.print"), can_print) ||
        (enter && can_print))
        intents.push_back(tech_intent::Reprint{reference});
}

}  // namespace anjungan::screens
