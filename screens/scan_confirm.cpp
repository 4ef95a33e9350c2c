// A ticket scanned in the middle of a form: asks whether to keep filling in or open the ticket (and lose the form).
#include "screens/screen.h"

namespace anjungan::screens {

void draw_scan_confirm(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("scan.keep_form.title"));
    ui::text_wrapped(view.tr("scan.keep_form.body"));
    ImGui::Dummy(ImVec2(0, t.px(24)));
    const float width = ImGui::GetContentRegionAvail().x;
    // Keeping the form is the safe choice, so it comes first and is the primary button.
    if (ui::button(t, "keep-filling", view.tr("scan.keep_form.keep"), ImVec2(width, t.px(130))))
        intents.push_back(intent::KeepFilling{});
    if (ui::button(t, "open-ticket", view.tr("scan.keep_form.open"), ImVec2(width, t.px(130)),
                   ui::Style::Secondary))
        intents.push_back(intent::OpenScannedTicket{});
}

}  // namespace anjungan::screens
