// On-screen keyboard: QWERTY with shift, and numeric, e-mail and URL variants.
#include "screens/keyboard.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace anjungan::screens {
namespace {

std::vector<std::string> rows_for(const std::string& layout) {
    if (layout == "numeric") return {"123", "456", "789", "+0-"};
    if (layout == "reference") return {"1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM"};
    std::vector<std::string> rows = {"1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.-"};
    if (layout == "email") rows[3] = "zxcvbnm@._";
    if (layout == "url") rows[3] = "zxcvbnm:/.";
    return rows;
}

void erase_last_utf8(std::string& s) {
    while (!s.empty()) {
        const unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;  // stop after removing a lead byte or an ASCII character
    }
}

constexpr int kRows = 5;  // four rows of characters and the row of wide keys

}  // namespace

KeyboardSpace keyboard_space(const ViewContext& view, bool keyboard_open) {
    if (!keyboard_open) return {};
    const ui::Theme& t = view.theme;
    const float spacing = t.px(10) * (kRows - 1);
    const float smallest = std::max(t.px(56), t.min_target * 1.1f) * kRows + spacing;
    const float field = t.px(180);  // a label and a one-line field stay visible above the keys
    const float available = ImGui::GetContentRegionAvail().y;
    const bool with_nav = available - nav_bar_reserve(view) - smallest - field >= 0;
    const float left = available - (with_nav ? nav_bar_reserve(view) : 0);
    return {std::clamp(left * 0.6f, std::min(smallest, left - field), t.px(92) * kRows + spacing), with_nav};
}

std::string OnScreenKeyboard::draw(const ViewContext& view, const std::string& layout, const std::string& text,
                                   int max_length, bool& changed, bool& enter_pressed) {
    const ui::Theme& t = view.theme;
    std::string out = text;
    changed = enter_pressed = false;
    const auto rows = rows_for(layout);
    const float spacing = t.px(10);
    const float width = ImGui::GetContentRegionAvail().x;
    const float key_w = (width - spacing * 9) / 10;
    // Keys share the height the screen left for the keyboard (rows of letters plus the row of wide keys).
    const float rows_total = static_cast<float>(rows.size() + 1);
    const float key_h = std::clamp((ImGui::GetContentRegionAvail().y - spacing * (rows_total - 1)) / rows_total,
                                   t.min_target, t.px(92));
    const ImVec2 key(key_w, key_h);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
    for (const auto& row : rows) {
        for (size_t i = 0; i < row.size(); ++i) {
            if (i) ImGui::SameLine();
            char c = row[i];
            if (shift_ && std::isalpha(static_cast<unsigned char>(c))) c = static_cast<char>(std::toupper(c));
            const std::string label(1, c);
            if (ui::button(t, "key:" + label, label, key, ui::Style::Secondary) &&
                static_cast<int>(out.size()) < max_length) {
                out += c;
                changed = true;
                shift_ = false;
            }
        }
    }
    const ImVec2 wide(key_w * 2 + spacing, key.y);
    if (layout != "numeric" && layout != "reference") {
        if (ui::button(t, "key:shift", view.tr("keyboard.shift"), wide, shift_ ? ui::Style::Selected : ui::Style::Secondary))
            shift_ = !shift_;
        ImGui::SameLine();
        if (ui::button(t, "key:space", view.tr("keyboard.space"), ImVec2(key_w * 4 + spacing * 3, key.y),
                       ui::Style::Secondary) && static_cast<int>(out.size()) < max_length) {
            out += ' ';
            changed = true;
        }
        ImGui::SameLine();
    }
    if (ui::button(t, "key:backspace", view.tr("keyboard.backspace"), wide, ui::Style::Secondary) && !out.empty()) {
        erase_last_utf8(out);
        changed = true;
    }
    ImGui::SameLine();
    if (ui::button(t, "key:enter", view.tr("keyboard.enter"), wide)) enter_pressed = true;
    ImGui::PopStyleVar();
    return out;
}

}  // namespace anjungan::screens
