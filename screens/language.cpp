// Language screen: Bahasa Indonesia or English, and the accessibility toggles.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_language(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("language.title"));
    begin_body(view);
    ImGui::Dummy(ImVec2(0, t.px(40)));
    const float width = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size((width - spacing) / 2, t.px(220));
    // Each language names itself, so these two labels are the same in both catalogues.
    if (ui::button(t, "lang-id", view.translations.get("id", "language.self"), size))
        intents.push_back(intent::ChooseLanguage{"id"});
    ImGui::SameLine();
    if (ui::button(t, "lang-en", view.translations.get("en", "language.self"), size))
        intents.push_back(intent::ChooseLanguage{"en"});
    ImGui::Dummy(ImVec2(0, t.px(40)));
    ui::text(view.tr("access.title"));
    draw_accessibility_bar(view, intents, width, t.px(110));
    end_body();
    draw_nav_bar(view, intents, true, "", "", intent::Next{});
}

}  // namespace anjungan::screens
