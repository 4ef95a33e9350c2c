// Thank-you screen before returning to the attract screen.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_done(const ViewContext& view, Intents& intents) {
    begin_body(view);
    ImGui::Dummy(ImVec2(0, view.theme.px(160)));
    ImGui::PushFont(view.theme.fonts.title);
    ui::text_wrapped(view.tr("done.title"));
    ImGui::PopFont();
    ui::text_wrapped(view.tr("done.body"));
    end_body();
    draw_nav_bar(view, intents, false, "done", view.tr("common.finish"), intent::Done{});
}

}  // namespace anjungan::screens
