// Attract screen: the office's name, the date, the services, and "touch to start" — a touch anywhere starts.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// "Touch the screen to start" as a large panel at the bottom: it looks like a button, and so is all the rest.
void draw_invitation(const ViewContext& view) {
    const ui::Theme& t = view.theme;
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;
    const float top = std::max(ImGui::GetCursorPosY() + t.px(20), ImGui::GetWindowHeight() - padding.y - t.px(220));
    const ImVec2 min(ImGui::GetWindowPos().x + padding.x, ImGui::GetWindowPos().y + top);
    const ImVec2 max(ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - padding.x,
                     ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - padding.y);
    ImGui::GetWindowDrawList()->AddRectFilled(min, max, ImGui::GetColorU32(t.primary), t.px(14));
    ImGui::PushFont(t.fonts.title);
    const std::string& text = view.tr("attract.touch_to_start");
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, max.x - min.x - t.px(40));
    ImGui::SetCursorScreenPos(ImVec2((min.x + max.x - size.x) / 2, (min.y + max.y - size.y) / 2));
    ImGui::PushStyleColor(ImGuiCol_Text, t.primary_text);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x + 1);
    ui::text(text);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

}  // namespace

void draw_attract(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    // The whole screen is the "start" target, as its invitation says; everything else is drawn over it.
    const ImVec2 origin = ImGui::GetCursorPos();
    const ImVec2 screen(ImGui::GetWindowWidth(), ImGui::GetWindowHeight());
    const ImVec2 corner = ImGui::GetWindowPos();
    ImGui::PushClipRect(corner, ImVec2(corner.x + screen.x, corner.y + screen.y), false);
    ImGui::SetCursorPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("##start", screen)) intents.push_back(intent::Start{});
    ui::frame_record().targets.push_back(
        {"start", view.tr("attract.touch_to_start"), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
         ui::last_item_placement()});
    ImGui::PopClipRect();
    ImGui::SetCursorPos(origin);
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
    // Only what a visitor can use now: a service refused on a clear disk, or whose desk is closed, is not advertised.
    for (const std::string& code : services::home_tile_codes())
        if (view.session.available_now(code)) ui::text_centered(view.tr("service." + code + ".name"), width);
    ImGui::Dummy(ImVec2(0, t.px(30)));
    if (!view.session.desk_open())
        ui::text_centered(Translations::format(view.tr("closed.attract"), {{"when", view.desk_opens}}), width);
    draw_invitation(view);
    // After hours the screen dims (less light and wear at night); a touch still starts a visit.
    if (!view.session.desk_open())
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize,
                                                      IM_COL32(0, 0, 0, 140));
}

}  // namespace anjungan::screens
