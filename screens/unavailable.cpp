// Shown for a service this kiosk does not offer now (not built yet, desk closed, or personal data it may not
// store): points to the desk instead.
#include <algorithm>

#include "screens/screen.h"

namespace anjungan::screens {

namespace {

// Whether a service with a form can be used at this kiosk now (none is, on a clear disk that refuses them).
bool forms_open(const ViewContext& view) {
    for (const std::string& code : services::home_tile_codes())
        if (services::has_form(code) && view.catalogue.find(code) && !view.session.refuses(code)) return true;
    return false;
}

// Refused for personal data: the way on is the queue and the officer, when the desk is open.
void draw_refused(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("unprotected.title"));
    begin_body(view);
    ui::text_wrapped(view.tr("unprotected.body"));
    const bool queue = view.catalogue.find(std::string(services::kAntrian)) && view.session.desk_open();
    if (!queue) {
        ui::text_wrapped(Translations::format(view.tr("unprotected.desk_closed"), {{"when", view.desk_opens}}));
    } else {
        ui::text_wrapped(view.tr("unprotected.go_queue"));
        ImGui::Dummy(ImVec2(0, t.px(16)));
        const std::string label = view.tr("unprotected.take_queue");
        const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::CalcTextSize(label.c_str()).x + t.px(160));
        if (ui::button(t, "take-queue", label, ImVec2(width, t.px(120))))
            intents.push_back(intent::ChooseService{std::string(services::kAntrian)});
    }
}

}  // namespace

void draw_unavailable(const ViewContext& view, Intents& intents) {
    const std::string code = view.session.service() ? view.session.service()->code : "";
    if (view.session.refuses(code)) {
        draw_refused(view, intents);
    } else if (!view.session.desk_open() && services::only_when_desk_open(code)) {
        draw_title(view, intents, view.tr("closed.title"));
        begin_body(view);
        ui::text_wrapped(Translations::format(view.tr("closed.body"), {{"when", view.desk_opens}}));
        ui::text_wrapped(view.tr(forms_open(view) ? "closed.forms_open" : "closed.nothing_now"));
    } else {
        draw_title(view, intents, view.tr("unavailable.title"));
        begin_body(view);
        ui::text_wrapped(view.tr("unavailable.body"));
    }
    end_body();
    draw_nav_bar(view, intents, true, "", "", intent::Next{});
}

}  // namespace anjungan::screens
