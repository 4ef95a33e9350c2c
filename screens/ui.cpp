// Touch widgets, theme and the automation frame record.
#include "screens/ui.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <utility>

#include <imgui_internal.h>  // ImTextCharFromUtf8

namespace anjungan::ui {

FrameRecord& frame_record() {
    static FrameRecord record;
    return record;
}

const Target* FrameRecord::find_target(const std::string& name) const {
    for (const auto& t : targets)
        if (t.id == name) return &t;
    for (const auto& t : targets)
        if (t.label == name) return &t;
    return nullptr;
}

bool FrameRecord::shows(const std::string& text) const {
    for (const auto& t : targets)
        if (t.id == text || t.label.find(text) != std::string::npos) return true;
    for (const auto& s : texts)
        if (s.find(text) != std::string::npos) return true;
    return false;
}

bool setup_theme(Theme& theme, const std::string& font_path, const std::string& bold_path, int display_height) {
    if (!std::filesystem::exists(font_path) || !std::filesystem::exists(bold_path)) return false;
    theme.scale = display_height / 1080.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar text_ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x2193, 0};
    static const ImWchar number_ranges[] = {0x0020, 0x005A, 0};  // digits, capitals and '-' suffice
    ImFontConfig config;
    config.OversampleH = 1;  // large sizes need no oversampling; keeps the atlas (and memory) small
    theme.fonts.body = io.Fonts->AddFontFromFileTTF(font_path.c_str(), theme.px(36), &config, text_ranges);
    theme.fonts.small = io.Fonts->AddFontFromFileTTF(font_path.c_str(), theme.px(26), &config, text_ranges);
    theme.fonts.title = io.Fonts->AddFontFromFileTTF(bold_path.c_str(), theme.px(60), &config, text_ranges);
    theme.fonts.huge = io.Fonts->AddFontFromFileTTF(bold_path.c_str(), theme.px(240), &config, number_ranges);
    if (!theme.fonts.body || !theme.fonts.small || !theme.fonts.title || !theme.fonts.huge) return false;
    io.FontDefault = theme.fonts.body;

    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(theme.px(48), theme.px(40));
    style.FramePadding = ImVec2(theme.px(24), theme.px(20));
    style.ItemSpacing = ImVec2(theme.px(24), theme.px(24));
    style.FrameRounding = theme.px(14);
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.ScrollbarSize = theme.px(36);
    style.TouchExtraPadding = ImVec2(theme.px(4), theme.px(4));
    style.Colors[ImGuiCol_WindowBg] = theme.background;
    style.Colors[ImGuiCol_Text] = theme.text;
    return true;
}

void apply_palette(Theme& theme, bool high_contrast) {
    if (high_contrast) {
        theme.background = {0, 0, 0, 1};
        theme.primary = {1.0f, 0.85f, 0.0f, 1};
        theme.primary_text = {0, 0, 0, 1};
        theme.secondary = {0.15f, 0.15f, 0.15f, 1};
        theme.text = {1, 1, 1, 1};
        theme.muted = {0.85f, 0.85f, 0.85f, 1};
        theme.danger = {1.0f, 0.45f, 0.45f, 1};
        theme.selected = {0.3f, 1.0f, 0.5f, 1};
        theme.field = {0, 0, 0, 1};  // white text needs a dark box
    } else {
        const Theme standard;
        theme.background = standard.background;
        theme.primary = standard.primary;
        theme.primary_text = standard.primary_text;
        theme.secondary = standard.secondary;
        theme.text = standard.text;
        theme.muted = standard.muted;
        theme.danger = standard.danger;
        theme.selected = standard.selected;
        theme.field = standard.field;
    }
    ImGuiStyle& style = ImGui::GetStyle();
    style.Colors[ImGuiCol_WindowBg] = theme.background;
    style.Colors[ImGuiCol_ChildBg] = theme.background;
    style.Colors[ImGuiCol_Text] = theme.text;
    style.Colors[ImGuiCol_Border] = theme.muted;
    style.Colors[ImGuiCol_Separator] = theme.muted;
}

static ImVec4 shade(const ImVec4& c, float f) { return {c.x * f, c.y * f, c.z * f, c.w}; }

// A button style's fill and ink colours.
static std::pair<ImVec4, ImVec4> colours(const Theme& theme, Style style) {
    ImVec4 fill = theme.primary, ink = theme.primary_text;
    if (style == Style::Secondary) fill = theme.secondary, ink = theme.text;
    if (style == Style::Selected) fill = theme.selected;
    if (style == Style::Danger) fill = theme.danger;
    return {fill, ink};
}

bool button(const Theme& theme, const std::string& id, const std::string& label, ImVec2 size, Style style) {
    const auto [fill, ink] = colours(theme, style);
    ImGui::PushStyleColor(ImGuiCol_Button, fill);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);  // touch screens have no hover
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, shade(fill, 0.8f));
    ImGui::PushStyleColor(ImGuiCol_Text, ink);
    // The label is drawn here rather than by ImGui, which would hide everything after a "##" in it: a key
    // labelled "#" would be blank.
    const bool tapped = ImGui::Button(("##" + id).c_str(), size);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    // Centred inside the frame padding, starting at the padding when too wide, as ImGui places labels.
    const ImVec2 label_size = ImGui::CalcTextSize(label.c_str(), nullptr, false);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const ImVec2 at(std::max(min.x + pad.x, (min.x + max.x - label_size.x) / 2),
                    std::max(min.y + pad.y, (min.y + max.y - label_size.y) / 2));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(min, max, true);
    draw->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
    draw->PopClipRect();
    ImGui::PopStyleColor(4);
    // Only what is on screen counts: a control scrolled out of view cannot be tapped by a visitor either.
    if (ImGui::IsItemVisible())
        frame_record().targets.push_back({id, label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    return tapped;
}

// The lines `text` takes at `width` with the current font, broken between words.
static std::vector<std::string> wrap_lines(const std::string& text, float width) {
    std::vector<std::string> lines;
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    const char* p = text.c_str();
    const char* end = p + text.size();
    while (p < end) {
        const char* e = font->CalcWordWrapPositionA(scale, p, end, width);
        if (e == p) {  // one character wider than the button: keep it whole rather than loop
            unsigned int c = 0;
            e = p + std::max(1, ImTextCharFromUtf8(&c, p, end));
        }
        std::string line(p, e);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        lines.push_back(line);
        p = e;
        while (p < end && (*p == ' ' || *p == '\n')) ++p;
    }
    return lines;
}

float wrapped_button_height(const std::string& label, float width, float min_height) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const auto lines = wrap_lines(label, width - 2 * pad.x);
    return std::max(min_height, static_cast<float>(lines.size()) * ImGui::GetTextLineHeight() + 2 * pad.y);
}

bool wrapped_button(const Theme& theme, const std::string& id, const std::string& label, ImVec2 size, Style style) {
    const auto [fill, ink] = colours(theme, style);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const auto lines = wrap_lines(label, size.x - 2 * pad.x);
    size.y = std::max(size.y, static_cast<float>(lines.size()) * ImGui::GetTextLineHeight() + 2 * pad.y);
    const bool tapped = ImGui::InvisibleButton(id.c_str(), size);
    if (!ImGui::IsItemVisible()) return tapped;
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    frame_record().targets.push_back({id, label, min, max});
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, ImGui::GetColorU32(ImGui::IsItemActive() ? shade(fill, 0.8f) : fill),
                        ImGui::GetStyle().FrameRounding);
    float y = (min.y + max.y) / 2 - static_cast<float>(lines.size()) * ImGui::GetTextLineHeight() / 2;
    for (const auto& line : lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        draw->AddText(ImVec2((min.x + max.x - w) / 2, y), ImGui::GetColorU32(ink), line.c_str());
        y += ImGui::GetTextLineHeight();
    }
    return tapped;
}

bool text_field(const Theme& theme, const std::string& id, const std::string& value, bool focused, float height) {
    const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
    const bool tapped = ImGui::InvisibleButton(id.c_str(), size);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    if (!ImGui::IsItemVisible()) return tapped;
    frame_record().targets.push_back({id, value, min, max});
    if (!value.empty()) frame_record().texts.push_back(value);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec4 fill = focused ? theme.field : theme.secondary;
    draw->AddRectFilled(min, max, ImGui::GetColorU32(fill), theme.px(14));
    draw->AddRect(min, max, ImGui::GetColorU32(focused ? theme.selected : theme.muted), theme.px(14), 0,
                  focused ? theme.px(4) : theme.px(1.5f));
    const float pad = theme.px(20);
    const float wrap = size.x - 2 * pad;
    const std::string shown = value + (focused ? "|" : "");
    // Long text scrolls: when it is taller than the box, show its end, where the visitor is typing.
    const ImVec2 text_size = ImGui::CalcTextSize(shown.c_str(), nullptr, false, wrap);
    // Scrolled by whole lines, so the top line is never cut in half.
    const float line = ImGui::GetFontSize();
    const float overflow = std::ceil(std::max(0.0f, text_size.y - (size.y - 2 * pad)) / line) * line;
    const float clip_top = overflow > 0 ? min.y + pad : min.y + pad / 2;  // lines scrolled away stay hidden
    draw->PushClipRect(ImVec2(min.x + pad, clip_top), ImVec2(max.x - pad, max.y - pad / 2), true);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + pad, min.y + pad - overflow),
                  ImGui::GetColorU32(theme.text), shown.c_str(), nullptr, wrap);
    draw->PopClipRect();
    return tapped;
}

void touch_scroll() {
    const ImGuiIO& io = ImGui::GetIO();
    const float threshold = ImGui::GetFontSize() * 0.5f;  // a tap that wobbles a little is still a tap
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(0, threshold))
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

static void record_text_if_visible(const std::string& s) {
    if (ImGui::IsItemVisible()) frame_record().texts.push_back(s);
}

void text(const std::string& s) {
    ImGui::TextUnformatted(s.c_str());
    record_text_if_visible(s);
}

void text_wrapped(const std::string& s) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
    record_text_if_visible(s);
}

void text_colored(const ImVec4& colour, const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    text(s);
    ImGui::PopStyleColor();
}

void text_centered(const std::string& s, float width) {
    const float w = ImGui::CalcTextSize(s.c_str()).x;
    if (w < width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - w) / 2);
    text(s);
}

}  // namespace anjungan::ui
