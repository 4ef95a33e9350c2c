// Shown for a service this kiosk does not offer now (not built yet, desk closed, or personal data it may not
// store): points to the desk instead.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_unavailable(const ViewContext& view, Intents& intents) {
    const std::string code = view.session.service() ? view.session.service()->code : "";
    if (view.session.refuses(code)) {
        draw_title(view, intents, view.tr("unprotected.title"));
        begin_body(view);
        ui::text_wrapped(view.tr("unprotected.body"));
    } else if (!view.session.desk_open() && services::only_when_desk_open(code)) {
        draw_title(view, intents, view.tr("closed.title"));
        begin_body(view);
        ui::text_wrapped(Translations::format(view.tr("closed.body"), {{"when", view.desk_opens}}));
    } else {
        draw_title(view, intents, view.tr("unavailable.title"));
        begin_body(view);
        ui::text_wrapped(view.tr("unavailable.body"));
    }
    end_body();
    draw_nav_bar(view, intents, true, "", "", intent::Next{});
}

}  // namespace anjungan::screens
