// On-screen keyboard: a letters page with shift and a symbols page per field layout, plus numeric pads.
#include "screens/keyboard.h"

#include <algorithm>
#include <cctype>

#include "kiosk/core/validation.h"

namespace anjungan::screens {
namespace {

KeyRow insert_keys(const std::string& chars, float units = 1) {
    KeyRow row;
    for (const char c : chars) row.push_back({KeyAction::Insert, std::string(1, c), units});
    return row;
}

// Symbols for addresses and decree numbers (/ -), chronologies (: ? ( ) ! " '), e-mails (- + _ .) and links
// (@ _ - ? = & % # ~ : / .): everything printable in ASCII but the rarely typed ^ and `.
std::vector<KeyRow> symbols_page() {
    return {insert_keys("1234567890"), insert_keys("@#&_-+()/:"), insert_keys("?!\"';,.=%~"),
            insert_keys("*$<>[]{}\\|"),
            {{KeyAction::Letters, "", 3}, {KeyAction::Space, "", 3}, {KeyAction::Backspace, "", 2},
             {KeyAction::Enter, "", 2}}};
}

std::vector<KeyRow> letters_page(const std::string& layout) {
    std::string home_row = "asdfghjkl'", bottom_row = "zxcvbnm,.-";
    if (layout == "email") home_row = "asdfghjkl-", bottom_row = "zxcvbnm@._";
    if (layout == "url") home_row = "asdfghjkl:", bottom_row = "zxcvbnm/.-";
    return {insert_keys("1234567890"), insert_keys("qwertyuiop"), insert_keys(home_row), insert_keys(bottom_row),
            {{KeyAction::Shift, "", 1.5f}, {KeyAction::Symbols, "", 1.5f}, {KeyAction::Space, "", 3},
             {KeyAction::Backspace, "", 2}, {KeyAction::Enter, "", 2}}};
}

// Numbers only (NIK, phone, dates): three large keys a row.
std::vector<KeyRow> number_pad(const std::string& last_row) {
    const float third = kSpanUnits / 3;
    return {insert_keys("123", third), insert_keys("456", third), insert_keys("789", third),
            insert_keys(last_row, third), {{KeyAction::Backspace, "", 5}, {KeyAction::Enter, "", 5}}};
}

const char* label_key(KeyAction action) {
    switch (action) {
        case KeyAction::Shift: return "keyboard.shift";
        case KeyAction::Symbols: return "keyboard.symbols";
        case KeyAction::Letters: return "keyboard.letters";
        case KeyAction::Backspace: return "keyboard.backspace";
        case KeyAction::Space: return "keyboard.space";
        case KeyAction::Enter: return "keyboard.enter";
        case KeyAction::Insert: break;
    }
    return "";
}

void erase_last_utf8(std::string& s) {
    while (!s.empty()) {
        const unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;  // stop after removing a lead byte or an ASCII character
    }
}

std::string shifted(const std::string& text, bool shift) {
    if (!shift || text.size() != 1 || !std::isalpha(static_cast<unsigned char>(text[0]))) return text;
    return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(text[0]))));
}

}  // namespace

std::vector<KeyRow> keyboard_rows(const std::string& layout, KeyboardLayer layer) {
    if (layout == "numeric") return number_pad("+0-");
    if (layout == "date") return number_pad("/0-");
    if (layout == "reference")
        return {insert_keys("1234567890"), insert_keys("QWERTYUIOP"), insert_keys("ASDFGHJKL-"),
                insert_keys("ZXCVBNM"), {{KeyAction::Backspace, "", 5}, {KeyAction::Enter, "", 5}}};
    return layer == KeyboardLayer::Symbols ? symbols_page() : letters_page(layout);
}

std::string key_id(const KeySpec& key, bool shift) {
    switch (key.action) {
        case KeyAction::Insert: return "key:" + shifted(key.text, shift);
        case KeyAction::Shift: return "key:shift";
        case KeyAction::Symbols: return "key:symbols";
        case KeyAction::Letters: return "key:letters";
        case KeyAction::Backspace: return "key:backspace";
        case KeyAction::Space: return "key:space";
        case KeyAction::Enter: return "key:enter";
    }
    return {};
}

std::vector<KeySpan> place_row(const KeyRow& row, float width, float spacing) {
    // One unit is a tenth of the width less the nine gaps of a full row; a wider key also spans the gaps it covers.
    const float unit = (width - spacing * (kSpanUnits - 1)) / kSpanUnits;
    std::vector<KeySpan> spans;
    float x = 0;
    for (const KeySpec& key : row) {
        const float w = key.units * unit + (key.units - 1) * spacing;
        spans.push_back({x, w});
        x += w + spacing;
    }
    return spans;
}

KeyboardSpace keyboard_space(const ViewContext& view, bool keyboard_open) {
    if (!keyboard_open) return {};
    const ui::Theme& t = view.theme;
    const float full = OnScreenKeyboard::height(t);
    const float smallest = std::max(t.min_target * 1.1f, t.px(kKeyHeight) * 0.75f) * kKeyboardRows +
                           t.px(kKeySpacing) * (kKeyboardRows - 1);
    const float field = t.px(180);  // a label and a one-line field stay visible above the keys
    const float available = ImGui::GetContentRegionAvail().y;
    const bool with_nav = available - nav_bar_reserve(view) - smallest - field >= 0;
    const float left = available - (with_nav ? nav_bar_reserve(view) : 0) - ImGui::GetStyle().ItemSpacing.y;
    return {std::clamp(left - field, std::min(smallest, left - field), full), with_nav};
}

float OnScreenKeyboard::height(const ui::Theme& theme) {
    return theme.px(kKeyHeight) * kKeyboardRows + theme.px(kKeySpacing) * (kKeyboardRows - 1);
}

void OnScreenKeyboard::reset() {
    shift_ = false;
    layer_ = KeyboardLayer::Letters;
}

bool OnScreenKeyboard::press(const KeySpec& key, const std::string& label, std::string& text, bool room,
                             bool& enter_pressed) {
    switch (key.action) {
        case KeyAction::Insert:
        case KeyAction::Space:
            if (!room) return false;
            text += key.action == KeyAction::Space ? " " : label;
            shift_ = false;
            return true;
        case KeyAction::Shift: shift_ = !shift_; return false;
        case KeyAction::Symbols: layer_ = KeyboardLayer::Symbols, shift_ = false; return false;
        case KeyAction::Letters: layer_ = KeyboardLayer::Letters; return false;
        case KeyAction::Backspace:
            if (text.empty()) return false;
            erase_last_utf8(text);
            return true;
        case KeyAction::Enter: enter_pressed = true; return false;
    }
    return false;
}

bool OnScreenKeyboard::offers(const std::string& layout, const std::string& character) {
    for (const KeyboardLayer layer : {KeyboardLayer::Letters, KeyboardLayer::Symbols})
        for (const KeyRow& row : keyboard_rows(layout, layer))
            for (const KeySpec& key : row) {
                if (key.action == KeyAction::Space && character == " ") return true;
                if (key.action == KeyAction::Insert && (key.text == character || shifted(key.text, true) == character))
                    return true;
            }
    return false;
}

bool OnScreenKeyboard::take_typed(const std::string& layout, std::string& text, int max_length, bool& enter_pressed) {
    // Only what the display queued: it drops a USB keyboard's events unless devices.physical_keyboard allows them,
    // and queues Backspace and Enter as '\b' and '\n'. A key that this field's on-screen keyboard lacks types
    // nothing here either (a letter in a date).
    ImGuiIO& io = ImGui::GetIO();
    bool changed = false;
    for (const ImWchar c : io.InputQueueCharacters) {
        if (c == '\b' && !text.empty()) {
            erase_last_utf8(text);
            changed = true;
        } else if (c == '\n') {
            enter_pressed = true;
        } else if (c >= 0x20 && c < 0x7f && count_code_points(text) < static_cast<std::size_t>(max_length) &&
                   offers(layout, std::string(1, static_cast<char>(c)))) {
            text += static_cast<char>(c);
            changed = true;
        }
    }
    io.InputQueueCharacters.resize(0);
    return changed;
}

std::string OnScreenKeyboard::draw(const ViewContext& view, const std::string& layout, const std::string& text,
                                   int max_length, bool& changed, bool& enter_pressed) {
    return draw(view.theme, view.translations, view.session.language(), layout, text, max_length, changed,
                enter_pressed);
}

std::string OnScreenKeyboard::draw(const ui::Theme& t, const Translations& translations, const std::string& language,
                                   const std::string& layout, const std::string& text, int max_length, bool& changed,
                                   bool& enter_pressed) {
    std::string out = text;
    changed = enter_pressed = false;
    const bool room = count_code_points(out) < static_cast<std::size_t>(max_length);
    const float spacing = t.px(kKeySpacing);
    // Keys share the height the screen left for the keyboard, down to 10 mm (the reach layout is short).
    const float key_h = std::clamp((ImGui::GetContentRegionAvail().y - spacing * (kKeyboardRows - 1)) / kKeyboardRows,
                                   t.min_target, t.px(kKeyHeight));
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorPos();
    const auto rows = keyboard_rows(layout, layer_);
    const bool shift = shift_;  // the state this frame was drawn with; a tap changes it for the next frame
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto spans = place_row(rows[r], width, spacing);
        for (size_t k = 0; k < rows[r].size(); ++k) {
            const KeySpec& key = rows[r][k];
            ImGui::SetCursorPos(ImVec2(origin.x + spans[k].x, origin.y + static_cast<float>(r) * (key_h + spacing)));
            const bool latched = key.action == KeyAction::Shift && shift;
            const std::string label = key.action == KeyAction::Insert ? shifted(key.text, shift)
                                                                        : translations.get(language, label_key(key.action));
            const auto style = key.action == KeyAction::Enter ? ui::Style::Primary
                               : latched                      ? ui::Style::Selected
                                                              : ui::Style::Secondary;
            if (ui::button(t, key_id(key, shift), label, ImVec2(spans[k].width, key_h), style))
                changed |= press(key, label, out, room, enter_pressed);
        }
    }
    changed |= take_typed(layout, out, max_length, enter_pressed);
    ImGui::SetCursorPos(origin);
    ImGui::Dummy(ImVec2(width, key_h * kKeyboardRows + spacing * (kKeyboardRows - 1)));  // its extent
    return out;
}

}  // namespace anjungan::screens
