// Typing into a form field: keyboard choice, shown value, growing box and the length note.
#include "screens/field_entry.h"

#include <algorithm>

#include "kiosk/core/validation.h"

namespace anjungan::screens {

std::string keyboard_layout_for(const Attribute& a) {
    if (!a.keyboard.empty()) return a.keyboard;
    if (a.validator == "nik" || a.validator == "phone") return "numeric";
    if (a.validator == "date" || a.validator == "email" || a.validator == "url") return a.validator;
    return "alpha";
}

std::string shown_value(const Attribute& a, const std::string& stored) {
    return a.validator == "date" ? date_for_display(stored) : stored;
}

float field_box_height(const ui::Theme& t, const Attribute& a, bool focused, const std::string& shown) {
    const float resting = a.datatype == Datatype::Text ? t.px(260) : t.px(100);
    if (!focused) return resting;
    const float below = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - ImGui::GetCursorScreenPos().y;
    const float room = std::max(t.px(100), below - t.px(8));
    if (a.datatype == Datatype::Text) return std::max(t.px(160), room);
    const float wrap = ImGui::GetContentRegionAvail().x - 2 * t.px(20);  // ui::text_field's padding
    const float text_h = ImGui::CalcTextSize((shown + "|").c_str(), nullptr, false, wrap).y + 2 * t.px(20);
    return std::clamp(text_h, resting, room);
}

void draw_format_hint(const ViewContext& view, const Attribute& a) {
    if (a.validator != "date") return;
    ImGui::PushFont(view.theme.fonts.small);
    ui::text_colored(view.theme.muted, view.tr("form.date_hint"));
    ImGui::PopFont();
}

void draw_length_note(const ViewContext& view, const Attribute& a, const std::string& shown) {
    if (!a.validator.empty()) return;  // codes such as a NIK or a date have their own checks, not a counter
    const int left = a.max_length - static_cast<int>(count_code_points(shown));
    if (left > std::max(20, a.max_length / 5)) return;
    const bool full = left <= 0;
    const std::string note =
        full ? Translations::format(view.tr("form.limit_reached"), {{"max", std::to_string(a.max_length)}})
             : Translations::format(view.tr("form.characters_left"), {{"left", std::to_string(left)}});
    const float note_w = ImGui::CalcTextSize(note.c_str()).x;
    ImGui::SameLine();
    const float right = ImGui::GetContentRegionMax().x - note_w;
    if (right >= ImGui::GetCursorPosX()) ImGui::SetCursorPosX(right);
    else ImGui::NewLine();  // no room beside a long label on a narrow screen
    ui::text_colored(full ? view.theme.danger : view.theme.muted, note);
}

}  // namespace anjungan::screens
