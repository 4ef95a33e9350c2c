// On-screen keyboard widget: visitors never need a physical keyboard.
#pragma once

#include <string>

#include "screens/screen.h"

namespace anjungan::screens {

// How the rest of a screen below the title is shared when a keyboard is open: the keyboard gets most of it, never
// so little that a key is under 10 mm nor more than its full size; the navigation bar stays when there is room
// for it and a field above the keyboard.
struct KeyboardSpace {
    float keyboard = 0;
    bool with_nav = true;
};
KeyboardSpace keyboard_space(const ViewContext& view, bool keyboard_open);

// Keyboard view state: only the shift key's latch.
class OnScreenKeyboard {
public:
    // Draws the keyboard for `layout` ("alpha", "numeric", "email", "url") in the available width and height and
    // returns the edited text when a key changed it. Keys are targets "key:<char>", "key:shift",
    // "key:backspace", "key:space", "key:enter"; enter sets `enter_pressed`.
    std::string draw(const ViewContext& view, const std::string& layout, const std::string& text, int max_length,
                     bool& changed, bool& enter_pressed);

private:
    bool shift_ = false;
};

}  // namespace anjungan::screens
