// Touch widgets and theme: every control records its target id and label so automation can find and tap it.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace anjungan::ui {

// What the last frame showed: tappable targets and visible texts with where they were drawn, for the
// automation interface and the layout check.
struct Box {
    ImVec2 min, max;
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    bool empty() const { return width() <= 0 || height() <= 0; }
};
Box intersect(const Box& a, const Box& b);

// Where an item was drawn: its rectangle, the clip rectangle it was drawn into, and whether that region
// scrolls (an item partly scrolled out of a scrolling region is not clipped: the visitor scrolls to it).
struct Placement {
    Box box;
    Box clip;
    bool scrolls = false;
    bool fits = true;  // the item's own content (a button's label) fits inside it
    Box visible() const { return intersect(box, clip); }
};

struct Target {
    std::string id;     // stable id (SPEC §9), e.g. "next", "ANTRIAN", "desk_service=PPID"
    std::string label;  // the visible label in the current language
    ImVec2 min, max;    // screen rectangle in pixels
    Placement placement;
    ImVec2 centre() const;  // of the part that can be touched
};

struct ShownText {
    ShownText(std::string text, Placement placement = {}) : text(std::move(text)), placement(placement) {}
    std::string text;
    Placement placement;  // an empty box: drawn without a place of its own (inside a field)
};

struct FrameRecord {
    std::vector<Target> targets;
    std::vector<ShownText> texts;
    std::vector<Box> covers;  // areas drawn over the screen that take no touch (notices)
    // Targets laid out in a scrolling region but scrolled out of its view: a visitor drags the region to
    // reach them (placement.clip is the region's visible part), and so does automation.
    std::vector<Target> scrolled_away;
    // Invisible regions over the screen that automation can touch by id but that are no control of the layout
    // (the technician's hidden corner): the layout check does not look at them.
    std::vector<Target> hidden;
    void clear() { targets.clear(); texts.clear(); covers.clear(); scrolled_away.clear(); hidden.clear(); }
    // A target whose id or label equals `name` (a hidden one by its id), or nullptr.
    const Target* find_target(const std::string& name) const;
    // True when a target (by id or label, a hidden one by id) or a visible text equal to, or containing, `text` is
    // shown.
    bool shows(const std::string& text) const;
};

// Where the last item (ImGui's) was drawn, in the current window.
Placement last_item_placement(bool fits = true);

FrameRecord& frame_record();  // the record being built for the current frame

struct Fonts {
    ImFont* body = nullptr;    // ~36 px at 1080p
    ImFont* small = nullptr;   // ~26 px
    ImFont* title = nullptr;   // ~60 px bold
    ImFont* huge = nullptr;    // ~240 px bold: the ticket number
};

struct Theme {
    float scale = 1.0f;  // the display against the 1920x1080 design, in either orientation
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
    bool portrait = false;  // taller than wide: a totem
    float min_target = 38;  // 10 mm at the screen's density, in pixels: no touch target is smaller
};

// Switches between the standard palette and a high-contrast one (white and yellow on black).
void apply_palette(Theme& theme, bool high_contrast);

// Loads fonts for the display size and applies the touch style. Returns false when a font is missing.
bool setup_theme(Theme& theme, const std::string& font_path, const std::string& bold_path, int display_width,
                 int display_height);

enum class Style { Primary, Secondary, Selected, Danger };

// A large touch button; returns true when tapped. Records the target (id, label).
bool button(const Theme& theme, const std::string& id, const std::string& label, ImVec2 size,
            Style style = Style::Primary);

// A button that is ticked or not (a consent): a drawn square box, ticked when `checked`, before the label.
// Records the target (id, label); returns true when tapped.
bool check_button(const Theme& theme, const std::string& id, const std::string& label, bool checked, ImVec2 size);
// The height a check button `width` wide needs to show `label` wrapped beside its box; at least `minimum`.
float check_button_height(const std::string& label, float width, float minimum);

// A progress bar filled to `fraction` (0-1) with `label` ("40 %") on it. Records the target `id` with the label,
// so automation can see it and read its value; it takes no touch.
void progress_bar(const Theme& theme, const std::string& id, float fraction, const std::string& label, ImVec2 size);

// The height a button `width` wide needs to show `label` wrapped, with its padding; at least `minimum`.
float button_height_for(const std::string& label, float width, float minimum);
// True when every word of `label` fits on one line of a button `width` wide.
bool words_fit(const std::string& label, float width);

// A tappable text field showing `value` wrapped: while focused its end, with a caret, at rest its beginning.
// Records the target `id` with the value as its label; returns true when tapped.
bool text_field(const Theme& theme, const std::string& id, const std::string& value, bool focused, float height);

// Lets a finger drag scroll the current child window (ImGui scrolls only with a wheel). Call before EndChild.
void touch_scroll();

// Text helpers that record what is visible.
void text(const std::string& s);
void text_wrapped(const std::string& s);
void text_wrapped(const ImVec4& colour, const std::string& s);
void text_colored(const ImVec4& colour, const std::string& s);
void text_centered(const std::string& s, float width);  // centred in the current content width

}  // namespace anjungan::ui
