// Typing into a form field: which keyboard it gets, how its value is shown, how tall it is and its length note.
#pragma once

#include <string>

#include "screens/screen.h"

namespace anjungan::screens {

// The catalogue's keyboard hint, else the layout its validator needs ("alpha" for free text).
std::string keyboard_layout_for(const Attribute& a);

// What the field shows and the keyboard edits: dates as the visitor writes them (17-11-2026), not as stored.
std::string shown_value(const Attribute& a, const std::string& stored);

// Height of the field's box. The field being typed into grows into the space left above the keyboard (call
// where the box starts): a multi-line field takes all of it, a long single line (a link) what its text needs.
float field_box_height(const ui::Theme& t, const Attribute& a, bool focused, const std::string& shown);

// Under the label of a field with a format (a date): an example of what to type.
void draw_format_hint(const ViewContext& view, const Attribute& a);

// Beside the label just drawn, for free text: the characters left near the limit, and a plain message at it.
void draw_length_note(const ViewContext& view, const Attribute& a, const std::string& shown);

}  // namespace anjungan::screens
