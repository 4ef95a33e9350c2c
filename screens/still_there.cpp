// "Are you still there?" overlay with the countdown before the session is wiped.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_still_there(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 size(display.x * 0.6f, display.y * 0.5f);
    ImGui::SetNextWindowPos(ImVec2((display.x - size.x) / 2, (display.y - size.y) / 2));
    ImGui::SetNextWindowSize(size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1, 1, 1, 1));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, t.px(4));
    ImGui::Begin("##still-there", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(t.fonts.title);
    ui::text_centered(view.tr("idle.title"), width);
    ImGui::PopFont();
    ui::text_centered(Translations::format(view.tr("idle.countdown"),
                                           {{"seconds", std::to_string(view.session.countdown_left_s(view.now))}}),
                      width);
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.px(120));
    if (ui::button(t, "still-here", view.tr("idle.still_here"), ImVec2(width, t.px(120))))
        intents.push_back(intent::StillHere{});
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

}  // namespace anjungan::screens
