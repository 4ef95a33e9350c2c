// On-screen keyboard widget: visitors never need a physical keyboard.
#pragma once

#include <string>

#include "screens/screen.h"

namespace anjungan::screens {

// Keyboard view state: only the shift key's latch.
class OnScreenKeyboard {
public:
    // Draws the keyboard for `layout` ("alpha", "numeric", "email", "url") across the available width and
    // returns the edited text when a key changed it. Keys are targets "key:<char>", "key:shift",
    // "key:backspace", "key:space", "key:enter"; enter sets `enter_pressed`.
    std::string draw(const ViewContext& view, const std::string& layout, const std::string& text, int max_length,
                     bool& changed, bool& enter_pressed);

private:
    bool shift_ = false;
};

}  // namespace anjungan::screens
