// Touch widgets and theme: every control records its target id and label so automation can find and tap it.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace anjungan::ui {

// What the last frame showed: tappable targets and visible texts, for the automation interface.
struct Target {
    std::string id;     // stable id (SPEC §9), e.g. "next", "ANTRIAN", "desk_service=PPID"
    std::string label;  // the visible label in the current language
    ImVec2 min, max;    // screen rectangle in pixels
    ImVec2 centre() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
};

struct FrameRecord {
    std::vector<Target> targets;
    std::vector<std::string> texts;
    void clear() { targets.clear(); texts.clear(); }
    // A target whose id or label equals `name`, or nullptr.
    const Target* find_target(const std::string& name) const;
    // True when a target (by id or label) or a visible text equal to, or containing, `text` is shown.
    bool shows(const std::string& text) const;
};

FrameRecord& frame_record();  // the record being built for the current frame

struct Fonts {
    ImFont* body = nullptr;    // ~36 px at 1080p
    ImFont* small = nullptr;   // ~26 px
    ImFont* title = nullptr;   // ~60 px bold
    ImFont* huge = nullptr;    // ~240 px bold: the ticket number
};

struct Theme {
    float scale = 1.0f;  // display height / 1080
    Fonts fonts;
    ImVec4 background{0.96f, 0.97f, 0.98f, 1};
    ImVec4 primary{0.05f, 0.33f, 0.62f, 1};        // buttons: deep blue
    ImVec4 primary_text{1, 1, 1, 1};
    ImVec4 secondary{0.85f, 0.88f, 0.92f, 1};
    ImVec4 text{0.08f, 0.09f, 0.11f, 1};
    ImVec4 muted{0.35f, 0.38f, 0.42f, 1};
    ImVec4 danger{0.72f, 0.11f, 0.11f, 1};
    ImVec4 selected{0.0f, 0.52f, 0.33f, 1};
    ImVec4 field{1, 1, 1, 1};                       // the text field being typed into
    float px(float design_px) const { return design_px * scale; }  // design sizes are for 1920×1080
};

// Switches between the standard palette and a high-contrast one (white and yellow on black).
void apply_palette(Theme& theme, bool high_contrast);

// Loads fonts for the display height and applies the touch style. Returns false when a font is missing.
bool setup_theme(Theme& theme, const std::string& font_path, const std::string& bold_path, int display_height);

enum class Style { Primary, Secondary, Selected, Danger };

// A large touch button; returns true when tapped. Records the target (id, label).
bool button(const Theme& theme, const std::string& id, const std::string& label, ImVec2 size,
            Style style = Style::Primary);

// A touch button whose label wraps onto further lines instead of being cut; `size.y` is its least height and
// wrapped_button_height says how tall it must be for its label. Records the target (id, label).
bool wrapped_button(const Theme& theme, const std::string& id, const std::string& label, ImVec2 size,
                    Style style = Style::Secondary);
float wrapped_button_height(const std::string& label, float width, float min_height);

// A tappable text field showing `value` (wrapped, newest text kept in view) with a caret when focused.
// Records the target `id` with the value as its label; returns true when tapped.
bool text_field(const Theme& theme, const std::string& id, const std::string& value, bool focused, float height);

// Lets a finger drag scroll the current child window (ImGui scrolls only with a wheel). Call before EndChild.
void touch_scroll();

// Text helpers that record what is visible.
void text(const std::string& s);
void text_wrapped(const std::string& s);
void text_colored(const ImVec4& colour, const std::string& s);
void text_centered(const std::string& s, float width);  // centred in the current content width

}  // namespace anjungan::ui
