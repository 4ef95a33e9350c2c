// "Call an officer": confirms that the desk was asked to come to this kiosk.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class HelpCalledScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const Session& s = view.session;
        const float width = ImGui::GetContentRegionAvail().x;
        ImGui::Dummy(ImVec2(0, view.theme.px(160)));
        ImGui::PushFont(view.theme.fonts.title);
        ui::text_centered(view.tr(s.ticket() ? "help.sent" : "help.sending"), width);
        ImGui::PopFont();
        if (s.ticket()) ui::text_centered(view.tr("help.body"), width);
        if (!s.submit_error().empty()) ui::text_centered(view.tr("help.failed"), width);
        draw_nav_bar(view, intents, false, "done", view.tr("common.finish"), Intent::Kind::Done);
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_help_called_screen() { return std::make_unique<HelpCalledScreen>(); }

}  // namespace anjungan::screens
