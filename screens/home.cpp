// Home screen: a large tile per service, plus "check my ticket" and "call an officer".
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

std::string tile_label(const ViewContext& view, const std::string& code) {
    const std::string& note = view.session.refuses(code)        ? view.tr("unprotected.tile")
                              : !view.session.available_now(code) ? view.tr("closed.tile")
                                                                  : view.tr("service." + code + ".short");
    return view.tr("service." + code + ".name") + "\n" + note;
}

// Two columns of service tiles sharing the height left, never shorter than their wrapped labels.
void draw_tiles(const ViewContext& view, Intents& intents, float width) {
    const ui::Theme& t = view.theme;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float tile_width = (width - spacing) / 2;
    const float secondary = t.px(110);
    const float available = ImGui::GetContentRegionAvail().y - secondary - spacing * 2;
    float tile_height = std::min(t.px(260), available / 2 - spacing);
    const auto tiles = services::home_tile_codes();
    for (const std::string& code : tiles)
        if (view.catalogue.find(code))
            tile_height = ui::button_height_for(tile_label(view, code), tile_width, tile_height);
    int column = 0;
    for (const std::string& code : tiles) {
        if (!view.catalogue.find(code)) continue;
        if (column++ % 2) ImGui::SameLine();
        // An unavailable service looks unlike the ones a visitor can use; tapped, it still says why.
        const ui::Style style = view.session.available_now(code) ? ui::Style::Primary : ui::Style::Secondary;
        if (ui::button(t, code, tile_label(view, code), ImVec2(tile_width, tile_height), style))
            intents.push_back(intent::ChooseService{code});
    }
    ImGui::Dummy(ImVec2(0, spacing / 2));
    const std::string check = view.tr("home.check_ticket"), call = view.tr("home.call_officer");
    const float height = ui::button_height_for(call, tile_width, ui::button_height_for(check, tile_width, secondary));
    if (ui::button(t, "check-ticket", check, ImVec2(tile_width, height), ui::Style::Secondary))
        intents.push_back(intent::CheckTicket{});
    ImGui::SameLine();
    if (ui::button(t, "call-officer", call, ImVec2(tile_width, height), ui::Style::Secondary))
        intents.push_back(intent::CallOfficer{});
}

}  // namespace

void draw_home(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("home.title"));
    if (!view.printer_fault.empty()) {  // said before a form is started: no paper ticket at its end
        ImGui::PushStyleColor(ImGuiCol_Text, t.danger);
        ui::text_wrapped(Translations::format(view.tr("home.printer_warning"), {{"reason", view.printer_fault}}));
        ImGui::PopStyleColor();
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float width = ImGui::GetContentRegionAvail().x;
    const float row = t.px(110);
    // The bottom rows: the accessibility toggles and, less prominent than any service, "cancel".
    const float cancel_width = t.portrait ? width : t.px(300);
    const float bar_width = t.portrait ? width : width - cancel_width - spacing;
    const float bar_height = accessibility_bar_height(view, bar_width, row);
    const float bottom = t.portrait ? bar_height + spacing + row : bar_height;

    ImGui::BeginChild("##tiles", ImVec2(0, ImGui::GetContentRegionAvail().y - bottom - spacing));
    draw_tiles(view, intents, width);
    ui::touch_scroll();
    ImGui::EndChild();

    const float top = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - bottom;
    ImGui::SetCursorPosY(top);
    draw_accessibility_bar(view, intents, bar_width, row);
    if (t.portrait) ImGui::SetCursorPosY(top + bar_height + spacing);
    else ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x - cancel_width, top));
    if (ui::button(t, "cancel", view.tr("common.cancel"), ImVec2(cancel_width, row), ui::Style::Secondary))
        intents.push_back(intent::Cancel{});
}

}  // namespace anjungan::screens
