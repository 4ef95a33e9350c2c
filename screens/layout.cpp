// Layout pieces shared by the screens: the title row with the journey's controls, the scrolling body and the
// bottom navigation bar. Every screen is title, body, bar; the body scrolls when its content is taller.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// Screens inside a visit, where a visitor may want to start over or change the language midway.
bool in_journey(Screen screen) {
    return screen == Screen::Intro || screen == Screen::Form || screen == Screen::Consent ||
           screen == Screen::Review || screen == Screen::CheckTicket || screen == Screen::TicketStatus ||
           screen == Screen::Unavailable || screen == Screen::Queue;
}

// Wide enough for the longer of its two labels ("Bahasa Indonesia" in large text), tall enough when it wraps.
ImVec2 header_button_size(const ViewContext& view) {
    const std::string other = view.session.language() == "id" ? "en" : "id";
    const std::string& language = view.translations.get(other, "language.self");
    const std::string& start_over = view.tr("common.start_over");
    const float padding = ImGui::GetStyle().FramePadding.x * 2;
    const float text = std::max(ImGui::CalcTextSize(language.c_str()).x, ImGui::CalcTextSize(start_over.c_str()).x);
    const float limit = (ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x * 2) / 2 - ImGui::GetStyle().ItemSpacing.x;
    const float width = std::min(std::max(view.theme.px(330), text + padding), limit);
    return {width, ui::button_height_for(language, width, ui::button_height_for(start_over, width, view.theme.px(96)))};
}

// "English" / "Bahasa Indonesia" (each language names itself) and "start over", right-aligned on this row.
void draw_journey_controls(const ViewContext& view, Intents& intents, float right) {
    const ui::Theme& t = view.theme;
    const ImVec2 size = header_button_size(view);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float y = ImGui::GetCursorPosY();
    const std::string other = view.session.language() == "id" ? "en" : "id";
    ImGui::SetCursorPos(ImVec2(right - size.x * 2 - spacing, y));
    if (ui::button(t, "lang-switch", view.translations.get(other, "language.self"), size, ui::Style::Secondary))
        intents.push_back(intent::SwitchLanguage{other});
    ImGui::SameLine();
    if (ui::button(t, "start-over", view.tr("common.start_over"), size, ui::Style::Secondary))
        intents.push_back(intent::Cancel{});
}

}  // namespace

void draw_title(const ViewContext& view, Intents& intents, const std::string& title) {
    const ui::Theme& t = view.theme;
    const float left = ImGui::GetCursorPosX();
    const float right = left + ImGui::GetContentRegionAvail().x;
    float title_right = right;
    if (in_journey(view.session.screen())) {
        const float top = ImGui::GetCursorPosY();
        draw_journey_controls(view, intents, right);
        if (t.portrait) {
            ImGui::Spacing();  // a totem is narrow: the controls get their own row above the title
        } else {
            title_right = right - header_button_size(view).x * 2 - ImGui::GetStyle().ItemSpacing.x * 2;
            ImGui::SetCursorPos(ImVec2(left, top));
        }
    }
    ImGui::PushFont(t.fonts.title);
    ImGui::PushTextWrapPos(title_right);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (ImGui::IsItemVisible()) ui::frame_record().texts.push_back(ui::ShownText(title, ui::last_item_placement()));
    ImGui::Spacing();
}

void draw_huge_number(const ViewContext& view, const std::string& number, float width, float height) {
    ImGui::PushFont(view.theme.fonts.huge);
    const ImVec2 natural = ImGui::CalcTextSize(number.c_str());
    const float scale = std::max(1.0f / 3, std::min({1.0f, width / natural.x, height / natural.y}));
    if (scale < 1.0f) ImGui::SetWindowFontScale(scale);
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

ImVec2 nav_button_size(const ViewContext& view) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float width = ImGui::GetWindowWidth() - 2 * ImGui::GetStyle().WindowPadding.x;
    return {std::min(view.theme.px(420), (width - spacing) / 2), view.theme.px(120)};
}

float nav_bar_reserve(const ViewContext& view) { return nav_button_size(view).y + ImGui::GetStyle().ItemSpacing.y; }

void begin_body(const ViewContext& view, float below, bool above_nav_bar) {
    const float height = ImGui::GetContentRegionAvail().y - (above_nav_bar ? nav_bar_reserve(view) : 0) - below;
    ImGui::BeginChild("##body", ImVec2(0, std::max(height, view.theme.px(60))));
}

void end_body() {
    ui::touch_scroll();
    ImGui::EndChild();
}

void draw_nav_bar(const ViewContext& view, Intents& intents, bool with_back, const std::string& primary_id,
                  const std::string& primary_label, const Intent& primary_intent, bool primary_enabled) {
    const ui::Theme& t = view.theme;
    const ImVec2 size = nav_button_size(view);
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;
    const float top = ImGui::GetWindowHeight() - padding.y - size.y;
    if (with_back) {
        ImGui::SetCursorPos(ImVec2(padding.x, top));
        if (ui::button(t, "back", view.tr("common.back"), size, ui::Style::Secondary))
            intents.push_back(intent::Back{});
    }
    if (primary_id.empty()) return;
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - padding.x - size.x, top));
    ImGui::BeginDisabled(!primary_enabled);
    if (ui::button(t, primary_id, primary_label, size)) intents.push_back(primary_intent);
    ImGui::EndDisabled();
}

}  // namespace anjungan::screens
