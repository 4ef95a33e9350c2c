// Shown for a service whose visitor flow is not available on this kiosk yet: points to the desk instead.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_unavailable(const ViewContext& view, Intents& intents) {
    if (!view.session.desk_open() && view.session.service() && services::only_when_desk_open(view.session.service()->code)) {
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
