// Attract screen: the office's name, the date, the services, and "touch to start".
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class AttractScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const ui::Theme& t = view.theme;
        const float width = ImGui::GetContentRegionAvail().x;
        ImGui::PushFont(t.fonts.small);
        ui::text_centered(long_date(to_local(view.wall_now), view.session.language()), width);
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, t.px(40)));
        ImGui::PushFont(t.fonts.title);
        ui::text_centered(view.config.office_name, width);
        ImGui::PopFont();
        ui::text_centered(view.tr("attract.subtitle"), width);
        ImGui::Dummy(ImVec2(0, t.px(40)));
        for (const char* code : {"LAPOR", "PPID", "ADUAN_KONTEN", "ANTRIAN"})
            ui::text_centered(view.tr(std::string("service.") + code + ".name"), width);
        ImGui::Dummy(ImVec2(0, t.px(30)));
        if (!view.session.desk_open())
            ui::text_centered(Translations::format(view.tr("closed.attract"), {{"when", view.desk_opens}}), width);
        ImGui::Dummy(ImVec2(0, t.px(30)));
        const ImVec2 size(width, ImGui::GetContentRegionAvail().y);
        if (ui::button(t, "start", view.tr("attract.touch_to_start"), size)) intents.push_back({Intent::Kind::Start});
        // After hours the screen dims (less light and wear at night); a touch still starts a visit.
        if (!view.session.desk_open())
            ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize,
                                                          IM_COL32(0, 0, 0, 140));
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_attract_screen() { return std::make_unique<AttractScreen>(); }

}  // namespace anjungan::screens
