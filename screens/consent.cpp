// Personal-data consent: purpose, what is kept and for how long, rights, and a separate explicit tick.
#include "kiosk/core/consent.h"
#include "screens/screen.h"

namespace anjungan::screens {

void draw_consent(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("consent.title"));
    const bool given = view.session.consent_given();
    const std::string tick = view.tr("consent.tick");
    const float width = ImGui::GetContentRegionAvail().x;
    const float tick_height = ui::check_button_height(tick, width, t.px(120));
    begin_body(view, tick_height + ImGui::GetStyle().ItemSpacing.y);
    for (const char* part : kConsentParagraphKeys)  // the text attribute[consent_version] identifies
        ui::text_wrapped(fill_consent_paragraph(view.tr(part), view.config));
    end_body();
    if (ui::check_button(t, "consent", tick, given, ImVec2(width, tick_height)))
        intents.push_back(intent::ToggleConsent{});
    draw_nav_bar(view, intents, true, "next", view.tr("common.next"), intent::Next{}, given);
}

}  // namespace anjungan::screens
