// Touch widgets, theme and the automation frame record.
#include "screens/ui.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <utility>

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <imgui_internal.h>

namespace anjungan::ui {

FrameRecord& frame_record() {
    static FrameRecord record;
    return record;
}

Box intersect(const Box& a, const Box& b) {
    return {ImVec2(std::max(a.min.x, b.min.x), std::max(a.min.y, b.min.y)),
            ImVec2(std::min(a.max.x, b.max.x), std::min(a.max.y, b.max.y))};
}

ImVec2 Target::centre() const {
    const Box v = placement.visible();
    const Box b = v.empty() ? Box{min, max} : v;
    return {(b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2};
}

Placement last_item_placement(bool fits) {
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    Placement p;
    p.box = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    p.clip = {window->ClipRect.Min, window->ClipRect.Max};
    p.scrolls = window->ScrollMax.y > 0 || window->ScrollMax.x > 0;
    p.fits = fits;
    return p;
}

const Target* FrameRecord::find_target(const std::string& name) const {
    for (const auto& t : targets)
        if (t.id == name) return &t;
    for (const auto& t : targets)
        if (t.label == name) return &t;
    for (const auto& t : hidden)
        if (t.id == name) return &t;
    return nullptr;
}

bool FrameRecord::shows(const std::string& text) const {
    for (const auto& t : targets)
        if (t.id == text || t.label.find(text) != std::string::npos) return true;
    for (const auto& s : texts)
        if (s.text.find(text) != std::string::npos) return true;
    for (const auto& t : hidden)
        if (t.id == text) return true;
    return false;
}

bool setup_theme(Theme& theme, const std::string& font_path, const std::string& bold_path, int display_width,
                 int display_height) {
    if (!std::filesystem::exists(font_path) || !std::filesystem::exists(bold_path)) return false;
    // The design is 1920x1080; a portrait totem (1080x1920) has the same short side, so the same sizes, and
    // a narrow landscape screen (1024x768) scales by its width so that rows of controls still fit.
    const float long_side = static_cast<float>(std::max(display_width, display_height));
    const float short_side = static_cast<float>(std::min(display_width, display_height));
    theme.scale = std::min(long_side / 1920.0f, short_side / 1080.0f);
    theme.portrait = display_height > display_width;
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

namespace {

// Only what is on screen can be tapped, by a visitor or by automation; what is scrolled away is noted too.
void record_target(const std::string& id, const std::string& label, bool fits) {
    const Placement placement = last_item_placement(fits);
    Target target{id, label, placement.box.min, placement.box.max, placement};
    if (ImGui::IsItemVisible()) frame_record().targets.push_back(std::move(target));
    else if (placement.scrolls) frame_record().scrolled_away.push_back(std::move(target));
}

// Breaks `label` into lines no wider than `width` at spaces (and at its own newlines). Sets `fits` to false
// when a single word is wider than `width`.
std::vector<std::string> wrap_lines(const std::string& label, float width, bool& fits) {
    std::vector<std::string> lines;
    size_t start = 0;
    fits = true;
    while (start <= label.size()) {
        const size_t end = std::min(label.find('\n', start), label.size());
        std::string line;
        size_t word = start;
        while (word < end) {
            const size_t word_end = std::min(label.find(' ', word), end);
            const std::string piece = label.substr(word, word_end - word);
            const std::string candidate = line.empty() ? piece : line + " " + piece;
            if (!line.empty() && ImGui::CalcTextSize(candidate.c_str()).x > width) {
                lines.push_back(line);
                line = piece;
            } else {
                line = candidate;
            }
            if (ImGui::CalcTextSize(piece.c_str()).x > width) fits = false;
            word = word_end + 1;
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// `text` when it fits in `height` wrapped at `wrap`, else its longest beginning that fits with an ellipsis.
std::string beginning_that_fits(const std::string& text, float wrap, float height) {
    const auto fits = [&](const std::string& s) { return ImGui::CalcTextSize(s.c_str(), nullptr, false, wrap).y <= height; };
    if (fits(text)) return text;
    const std::string ellipsis = "\xE2\x80\xA6";  // U+2026
    std::size_t low = 0, high = text.size();  // the prefix of `low` bytes fits, of `high` does not
    while (high - low > 1) {
        std::size_t mid = (low + high) / 2;
        while (mid > low && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;  // a UTF-8 boundary
        if (mid == low) break;
        (fits(text.substr(0, mid) + ellipsis) ? low : high) = mid;
    }
    std::size_t end = low;
    while (end > 0 && text[end - 1] == ' ') --end;
    return text.substr(0, end) + ellipsis;
}

}  // namespace

float button_height_for(const std::string& label, float width, float minimum) {
    const ImVec2 padding = ImGui::GetStyle().FramePadding;
    bool fits = true;
    const auto lines = wrap_lines(label, width - 2 * padding.x, fits);
    return std::max(minimum, ImGui::GetTextLineHeight() * static_cast<float>(lines.size()) + 2 * padding.y);
}

bool words_fit(const std::string& label, float width) {
    bool fits = true;
    wrap_lines(label, width - 2 * ImGui::GetStyle().FramePadding.x, fits);
    return fits;
}

namespace {

// The button's background; returns true when tapped.
bool button_background(const std::string& id, ImVec4 fill, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Button, fill);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);  // touch screens have no hover
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, shade(fill, 0.8f));
    const bool tapped = ImGui::Button(("##" + id).c_str(), size);
    ImGui::PopStyleColor(3);
    return tapped;
}

// A label broken into lines for a button, drawn smaller when a word is wider than the button.
struct Label {
    std::vector<std::string> lines;
    float factor = 1.0f;
    bool fits = true;
    float width() const {
        float w = 0;
        for (const auto& line : lines) w = std::max(w, ImGui::CalcTextSize(line.c_str()).x * factor);
        return w;
    }
    float height() const { return ImGui::GetTextLineHeight() * factor * static_cast<float>(lines.size()); }
};

// `label` wrapped at spaces into `width` (less the frame padding). A word wider than that (a key's "Shift" in
// large text on a totem) makes the whole label smaller rather than cut.
Label wrap_label(const std::string& label, float width) {
    Label l;
    for (float f : {1.0f, 0.85f, 0.7f}) {
        l.factor = f;
        l.lines = wrap_lines(label, (width - 2 * ImGui::GetStyle().FramePadding.x) / f, l.fits);
        if (l.fits) break;
    }
    return l;
}

// Draws the lines centred in [min, max]; false when they do not fit. Drawn here rather than by ImGui, which
// would hide everything after a "##" in a label (a key labelled "#" would be blank) and cut long names at the
// edge: "Dinas Kependudukan dan Pencatatan Sipil" is read whole.
bool draw_label(const Label& l, ImVec2 min, ImVec2 max, ImVec4 ink) {
    const float line_height = ImGui::GetTextLineHeight() * l.factor;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(min, max, true);
    float y = (min.y + max.y - l.height()) / 2;
    for (const auto& line : l.lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x * l.factor;
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize() * l.factor, ImVec2((min.x + max.x - w) / 2, y),
                      ImGui::GetColorU32(ink), line.c_str());
        y += line_height;
    }
    draw->PopClipRect();
    return l.fits && l.height() <= max.y - min.y;
}

float check_box_side() { return ImGui::GetTextLineHeight() * 1.2f; }

// A square box at `left`, vertically centred between `min_y` and `max_y`; ticked when `checked`.
void draw_check_box(const Theme& theme, float left, float min_y, float max_y, bool checked, ImVec4 ink) {
    const float side = check_box_side();
    const ImVec2 a(left, (min_y + max_y - side) / 2), b(left + side, (min_y + max_y + side) / 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(a, b, ImGui::GetColorU32(theme.field), theme.px(6));
    draw->AddRect(a, b, ImGui::GetColorU32(ink), theme.px(6), 0, theme.px(3));
    if (!checked) return;
    const ImVec2 tick[] = {ImVec2(a.x + side * 0.2f, a.y + side * 0.52f), ImVec2(a.x + side * 0.42f, a.y + side * 0.74f),
                           ImVec2(a.x + side * 0.8f, a.y + side * 0.28f)};
    draw->AddPolyline(tick, 3, ImGui::GetColorU32(theme.selected), 0, theme.px(5));
}

}  // namespace

bool button(const Theme& theme, const std::string& id, const std::string& label, ImVec2 size, Style style) {
    const auto [fill, ink] = colours(theme, style);
    const bool tapped = button_background(id, fill, size);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    record_target(id, label, draw_label(wrap_label(label, max.x - min.x), min, max, ink));
    return tapped;
}

float check_button_height(const std::string& label, float width, float minimum) {
    return button_height_for(label, width - check_box_side() - ImGui::GetStyle().FramePadding.x, minimum);
}

bool check_button(const Theme& theme, const std::string& id, const std::string& label, bool checked, ImVec2 size) {
    const auto [fill, ink] = colours(theme, checked ? Style::Selected : Style::Secondary);
    const bool tapped = button_background(id, fill, size);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    // The box just before the text, the two centred together, so the eye goes from one to the other.
    const float gap = ImGui::GetStyle().FramePadding.x, box = check_box_side();
    const Label l = wrap_label(label, max.x - min.x - box - gap);
    const float text_w = l.width() + 2 * ImGui::GetStyle().FramePadding.x;  // draw_label's rectangle, padded
    const float left = std::max(min.x + gap, (min.x + max.x - box - text_w) / 2);
    draw_check_box(theme, left, min.y, max.y, checked, ink);
    record_target(id, label, draw_label(l, ImVec2(left + box, min.y), ImVec2(left + box + text_w, max.y), ink));
    return tapped;
}

void progress_bar(const Theme& theme, const std::string& id, float fraction, const std::string& label, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_FrameBg, theme.secondary);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme.selected);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, theme.px(14));
    ImGui::ProgressBar(std::clamp(fraction, 0.0f, 1.0f), size, label.c_str());
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    record_target(id, label, ImGui::CalcTextSize(label.c_str()).x <= ImGui::GetItemRectSize().x);
}

bool text_field(const Theme& theme, const std::string& id, const std::string& value, bool focused, float height) {
    const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
    const bool tapped = ImGui::InvisibleButton(id.c_str(), size);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    record_target(id, value, true);
    if (!ImGui::IsItemVisible()) return tapped;
    if (!value.empty()) frame_record().texts.push_back(ShownText(value));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec4 fill = focused ? theme.field : theme.secondary;
    draw->AddRectFilled(min, max, ImGui::GetColorU32(fill), theme.px(14));
    draw->AddRect(min, max, ImGui::GetColorU32(focused ? theme.selected : theme.muted), theme.px(14), 0,
                  focused ? theme.px(4) : theme.px(1.5f));
    const float pad = theme.px(20);
    const float wrap = size.x - 2 * pad;
    const float line = ImGui::GetFontSize();
    const float room = size.y - 2 * pad;
    // Text taller than the box: while typing, its end is in view, where the visitor types; at rest, its
    // beginning, cut after the last whole line with an ellipsis, as a visitor reads it when coming back.
    const std::string shown = focused ? value + "|" : beginning_that_fits(value, wrap, room);
    const ImVec2 text_size = ImGui::CalcTextSize(shown.c_str(), nullptr, false, wrap);
    // Scrolled by whole lines, so the top line is never cut in half.
    const float overflow = std::ceil(std::max(0.0f, text_size.y - room) / line) * line;
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
    if (ImGui::IsItemVisible()) frame_record().texts.push_back(ShownText(s, last_item_placement()));
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

void text_wrapped(const ImVec4& colour, const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    text_wrapped(s);
    ImGui::PopStyleColor();
}

void text_colored(const ImVec4& colour, const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    text(s);
    ImGui::PopStyleColor();
}

void text_centered(const std::string& s, float width) {
    // Each line centred; a line wider than `width` wraps at spaces (an office name on a narrow totem).
    bool fits = true;
    const float left = ImGui::GetCursorPosX();
    const ImVec2 top = ImGui::GetCursorScreenPos();
    float widest = 0;
    for (const auto& line : wrap_lines(s, width, fits)) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        widest = std::max(widest, w);
        ImGui::SetCursorPosX(left + std::max(0.0f, (width - w) / 2));
        ImGui::TextUnformatted(line.c_str());
    }
    if (!ImGui::IsItemVisible()) return;
    Placement p = last_item_placement(fits);
    const float x = top.x + std::max(0.0f, (width - widest) / 2);
    p.box = {ImVec2(x, top.y), ImVec2(x + widest, p.box.max.y)};
    frame_record().texts.push_back(ShownText(s, p));
}

}  // namespace anjungan::ui
