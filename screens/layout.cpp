// Layout pieces shared by the screens: the title line and the bottom navigation bar.
#include "screens/screen.h"

namespace anjungan::screens {

void draw_title(const ViewContext& view, const std::string& title) {
    ImGui::PushFont(view.theme.fonts.title);
    ui::text(title);
    ImGui::PopFont();
    ImGui::Spacing();
}

void text_centred_or_wrapped(const std::string& line, float width) {
    if (ImGui::CalcTextSize(line.c_str()).x <= width) ui::text_centered(line, width);
    else ui::text_wrapped(line);
}

void draw_huge_number(const ViewContext& view, const std::string& number, float width) {
    ImGui::PushFont(view.theme.fonts.huge);
    const float natural = ImGui::CalcTextSize(number.c_str()).x;
    if (natural > width) ImGui::SetWindowFontScale(width / natural);
    ui::text_centered(number, width);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
}

std::string print_progress_text(const ViewContext& view, const std::string& number) {
    const PrintUpdate& print = view.session.print();
    switch (print.progress) {
        case PrintProgress::Printing: return view.tr("ticket.printing");
        case PrintProgress::Printed: return view.tr("ticket.take");
        case PrintProgress::Failed: {
            const std::string reason = view.tr(print.reason_key.empty() ? "printer.failed" : print.reason_key);
            return Translations::format(view.tr("ticket.print_failed"), {{"number", number}, {"reason", reason}});
        }
        case PrintProgress::None: break;
    }
    return "";
}

void draw_nav_bar(const ViewContext& view, Intents& intents, bool with_back, const std::string& primary_id,
                  const std::string& primary_label, Intent::Kind primary_intent, bool primary_enabled) {
    const ui::Theme& t = view.theme;
    const ImVec2 size(t.px(420), t.px(120));
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;
    const float top = ImGui::GetWindowHeight() - padding.y - size.y;
    if (with_back) {
        ImGui::SetCursorPos(ImVec2(padding.x, top));
        if (ui::button(t, "back", view.tr("common.back"), size, ui::Style::Secondary))
            intents.push_back({Intent::Kind::Back});
    }
    if (primary_id.empty()) return;
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - padding.x - size.x, top));
    ImGui::BeginDisabled(!primary_enabled);
    if (ui::button(t, primary_id, primary_label, size)) intents.push_back({primary_intent});
    ImGui::EndDisabled();
}

}  // namespace anjungan::screens
