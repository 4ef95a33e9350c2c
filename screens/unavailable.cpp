// Shown for a service this kiosk does not offer now (not built yet, desk closed, or personal data it may not
// store): points to the desk instead.
#include "screens/screen.h"

namespace anjungan::screens {

namespace {

// Whether a service with a form can be used at this kiosk now (none is, on a clear disk that refuses them).
bool forms_open(const ViewContext& view) {
    for (const std::string& code : services::home_tile_codes())
        if (services::has_form(code) && view.catalogue.find(code) && view.session.available_now(code)) return true;
    return false;
}

// Refused for personal data: the way on is the queue and the officer, when the desk is open. Returns whether the
// queue is offered (its button then sits in the navigation bar, where no scrolling can hide it).
bool draw_refused(const ViewContext& view, Intents& intents) {
    draw_title(view, intents, view.tr("unprotected.title"));
    begin_body(view);
    ui::text_wrapped(view.tr("unprotected.body"));
    const bool queue = view.catalogue.find(std::string(services::kAntrian)) && view.session.desk_open();
    if (queue) ui::text_wrapped(view.tr("unprotected.go_queue"));
    else ui::text_wrapped(Translations::format(view.tr("unprotected.desk_closed"), {{"when", view.desk_opens}}));
    return queue;
}

}  // namespace

void draw_unavailable(const ViewContext& view, Intents& intents) {
    const std::string code = view.session.service() ? view.session.service()->code : "";
    bool offer_queue = false;
    if (view.session.refuses(code)) {
        offer_queue = draw_refused(view, intents);
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
    if (offer_queue)
        draw_nav_bar(view, intents, true, "take-queue", view.tr("unprotected.take_queue"),
                     intent::ChooseService{std::string(services::kAntrian)});
    else draw_nav_bar(view, intents, true, "", "", intent::Next{});
}

}  // namespace anjungan::screens
