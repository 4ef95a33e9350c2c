// Personal-data consent: purpose, what is kept and for how long, rights, and a separate explicit tick.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class ConsentScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const ui::Theme& t = view.theme;
        draw_title(view, view.tr("consent.title"));
        ImGui::BeginChild("consent-text", ImVec2(0, ImGui::GetContentRegionAvail().y - t.px(330)));
        for (const char* part : {"consent.purpose", "consent.kept", "consent.rights"})
            ui::text_wrapped(Translations::format(view.tr(part),
                                                  {{"days", std::to_string(view.config.personal_data_days)},
                                                   {"office", view.config.office_name}}));
        ui::touch_scroll();
        ImGui::EndChild();
        const bool given = view.session.consent_given();
        const std::string box = given ? "[X]  " : "[  ]  ";
        if (ui::button(t, "consent", box + view.tr("consent.tick"), ImVec2(ImGui::GetContentRegionAvail().x, t.px(120)),
                       given ? ui::Style::Selected : ui::Style::Secondary))
            intents.push_back({Intent::Kind::ToggleConsent});
        draw_nav_bar(view, intents, true, "next", view.tr("common.next"), Intent::Kind::Next, given);
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_consent_screen() { return std::make_unique<ConsentScreen>(); }

}  // namespace anjungan::screens
