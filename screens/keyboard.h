// On-screen keyboard widget: visitors never need a physical keyboard (one types into it only where allowed).
#pragma once

#include <string>
#include <vector>

#include "screens/screen.h"

namespace anjungan::screens {

// What a key does. Layer keys switch between the letters and the symbols page, as phone keyboards do.
enum class KeyAction { Insert, Shift, Symbols, Letters, Backspace, Space, Enter };

struct KeySpec {
    KeyAction action = KeyAction::Insert;
    std::string text;  // the character an Insert key types (before shift)
    float units = 1;   // width in key units; every row is kSpanUnits wide
};
using KeyRow = std::vector<KeySpec>;

enum class KeyboardLayer { Letters, Symbols };

inline constexpr float kSpanUnits = 10;     // a row of ten letter keys spans the keyboard
inline constexpr float kKeyHeight = 72;     // design px: 13-20 mm on the supported screens, above the 10 mm minimum
inline constexpr float kKeySpacing = 10;    // design px between neighbouring keys
inline constexpr int kKeyboardRows = 5;     // every layout has five rows, so switching pages never moves the keys

// The rows of `layer` for a field's layout: "alpha" (the default), "email", "url", "numeric", "date", "reference".
// Layouts without a symbols page (numeric, date, reference) return their only page for either layer.
std::vector<KeyRow> keyboard_rows(const std::string& layout, KeyboardLayer layer);

// Stable automation id of a key: "key:<char>" (with shift applied), "key:shift", "key:symbols", "key:letters",
// "key:backspace", "key:space", "key:enter".
std::string key_id(const KeySpec& key, bool shift);

// Left edge and width of each key of `row` spread over `width` pixels with `spacing` between keys.
struct KeySpan {
    float x, width;
};
std::vector<KeySpan> place_row(const KeyRow& row, float width, float spacing);

// How the rest of a screen below the title is shared when a keyboard is open: the keyboard gets most of it, never
// so little that a key is under 10 mm nor more than its full size; the navigation bar stays when there is room
// for it and a field above the keyboard.
struct KeyboardSpace {
    float keyboard = 0;
    bool with_nav = true;
};
KeyboardSpace keyboard_space(const ViewContext& view, bool keyboard_open);

// Keyboard view state: the page shown and the shift latch.
class OnScreenKeyboard {
public:
    // Draws the keyboard for `layout` in the available width and height (keys no taller than kKeyHeight, no
    // smaller than 10 mm) and returns the edited text when a key changed it; text never grows beyond
    // `max_length` characters. Enter sets `enter_pressed`.
    std::string draw(const ViewContext& view, const std::string& layout, const std::string& text, int max_length,
                     bool& changed, bool& enter_pressed);
    // The same outside a visit (technician mode), with the key labels in `language`.
    std::string draw(const ui::Theme& theme, const Translations& translations, const std::string& language,
                     const std::string& layout, const std::string& text, int max_length, bool& changed,
                     bool& enter_pressed);
    // Height the keyboard takes at its full size.
    static float height(const ui::Theme& theme);
    // Back to the letters page without shift, e.g. when another field is focused.
    void reset();

private:
    // Whether some page of `layout` has a key typing `character` (one UTF-8 character).
    static bool offers(const std::string& layout, const std::string& character);
    // What a physical keyboard typed this frame, as far as the field's keys allow; true when it changed `text`.
    static bool take_typed(const std::string& layout, std::string& text, int max_length, bool& enter_pressed);
    // What a tap on `key` (showing `label`) does; true when it changed `text`.
    bool press(const KeySpec& key, const std::string& label, std::string& text, bool room, bool& enter_pressed);

    bool shift_ = false;
    KeyboardLayer layer_ = KeyboardLayer::Letters;
};

}  // namespace anjungan::screens
