// Language screen: Bahasa Indonesia or English.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class LanguageScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const ui::Theme& t = view.theme;
        draw_title(view, view.tr("language.title"));
        ImGui::Dummy(ImVec2(0, t.px(60)));
        const float width = ImGui::GetContentRegionAvail().x;
        const ImVec2 size((width - ImGui::GetStyle().ItemSpacing.x) / 2, t.px(260));
        // Each language names itself, so these two labels are the same in both catalogues.
        if (ui::button(t, "lang-id", view.translations.get("id", "language.self"), size))
            intents.push_back({Intent::Kind::ChooseLanguage, "id"});
        ImGui::SameLine();
        if (ui::button(t, "lang-en", view.translations.get("en", "language.self"), size))
            intents.push_back({Intent::Kind::ChooseLanguage, "en"});
        ImGui::Dummy(ImVec2(0, t.px(60)));
        ui::text(view.tr("access.title"));
        draw_accessibility_bar(view, intents, ImGui::GetContentRegionAvail().x, t.px(120));
        draw_nav_bar(view, intents, true, "", "", Intent::Kind::Next);
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_language_screen() { return std::make_unique<LanguageScreen>(); }

}  // namespace anjungan::screens
