// Home screen: a large tile per service, plus "check my ticket" and "call an officer".
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class HomeScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const ui::Theme& t = view.theme;
        draw_title(view, view.tr("home.title"));
        if (!view.printer_fault.empty()) {  // said before a form is started: no paper ticket at its end
            ImGui::PushStyleColor(ImGuiCol_Text, t.danger);
            ui::text_wrapped(Translations::format(view.tr("home.printer_warning"), {{"reason", view.printer_fault}}));
            ImGui::PopStyleColor();
        }
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float width = ImGui::GetContentRegionAvail().x;
        const ImVec2 tile((width - spacing) / 2, t.px(230));
        int column = 0;
        for (const char* code : {"LAPOR", "PPID", "ADUAN_KONTEN", "ANTRIAN"}) {
            if (!view.catalogue.find(code)) continue;
            if (column++ % 2) ImGui::SameLine();
            const bool closed = std::string(code) == "ANTRIAN" && !view.session.desk_open();
            const std::string label = view.tr(std::string("service.") + code + ".name") + "\n" +
                                      (closed ? view.tr("closed.tile") : view.tr(std::string("service.") + code + ".short"));
            if (ui::button(t, code, label, tile)) intents.push_back({Intent::Kind::ChooseService, code});
        }
        ImGui::Dummy(ImVec2(0, t.px(20)));
        const ImVec2 small((width - spacing) / 2, t.px(130));
        if (ui::button(t, "check-ticket", view.tr("home.check_ticket"), small, ui::Style::Secondary))
            intents.push_back({Intent::Kind::CheckTicket});
        ImGui::SameLine();
        if (ui::button(t, "call-officer", view.tr("home.call_officer"), small, ui::Style::Secondary))
            intents.push_back({Intent::Kind::CallOfficer});
        // The accessibility toggles share the bottom row with "cancel".
        const ImVec2 padding = ImGui::GetStyle().WindowPadding;
        ImGui::SetCursorPos(ImVec2(padding.x, ImGui::GetWindowHeight() - padding.y - t.px(120)));
        draw_accessibility_bar(view, intents, width - t.px(420) - spacing, t.px(120));
        draw_nav_bar(view, intents, false, "cancel", view.tr("common.cancel"), Intent::Kind::Cancel);
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_home_screen() { return std::make_unique<HomeScreen>(); }

}  // namespace anjungan::screens
