// US keymap decoding for keyboard-wedge scanners; scanners type plain ASCII with Shift for capitals.
#include "hal/scanner/key_wedge_decoder.h"

#include <array>
#include <utility>

namespace anjungan::hal {

namespace {

struct KeyChars {
    char plain = 0;  // 0: not a character key
    char shifted = 0;
};

constexpr unsigned kKeymapSize = 256;

struct KeymapEntry {
    unsigned code;
    char plain, shifted;
};

// The US layout as HID scanners assume it, including the keypad (scanners use it for digits).
constexpr KeymapEntry kUsKeys[] = {
    {KEY_1, '1', '!'},          {KEY_2, '2', '@'},          {KEY_3, '3', '#'},         {KEY_4, '4', '$'},
    {KEY_5, '5', '%'},          {KEY_6, '6', '^'},          {KEY_7, '7', '&'},         {KEY_8, '8', '*'},
    {KEY_9, '9', '('},          {KEY_0, '0', ')'},          {KEY_MINUS, '-', '_'},     {KEY_EQUAL, '=', '+'},
    {KEY_LEFTBRACE, '[', '{'},  {KEY_RIGHTBRACE, ']', '}'}, {KEY_SEMICOLON, ';', ':'}, {KEY_APOSTROPHE, '\'', '"'},
    {KEY_GRAVE, '`', '~'},      {KEY_BACKSLASH, '\\', '|'}, {KEY_COMMA, ',', '<'},     {KEY_DOT, '.', '>'},
    {KEY_SLASH, '/', '?'},      {KEY_SPACE, ' ', ' '},      {KEY_Q, 'q', 'Q'},         {KEY_W, 'w', 'W'},
    {KEY_E, 'e', 'E'},          {KEY_R, 'r', 'R'},          {KEY_T, 't', 'T'},         {KEY_Y, 'y', 'Y'},
    {KEY_U, 'u', 'U'},          {KEY_I, 'i', 'I'},          {KEY_O, 'o', 'O'},         {KEY_P, 'p', 'P'},
    {KEY_A, 'a', 'A'},          {KEY_S, 's', 'S'},          {KEY_D, 'd', 'D'},         {KEY_F, 'f', 'F'},
    {KEY_G, 'g', 'G'},          {KEY_H, 'h', 'H'},          {KEY_J, 'j', 'J'},         {KEY_K, 'k', 'K'},
    {KEY_L, 'l', 'L'},          {KEY_Z, 'z', 'Z'},          {KEY_X, 'x', 'X'},         {KEY_C, 'c', 'C'},
    {KEY_V, 'v', 'V'},          {KEY_B, 'b', 'B'},          {KEY_N, 'n', 'N'},         {KEY_M, 'm', 'M'},
    {KEY_KP0, '0', '0'},        {KEY_KP1, '1', '1'},        {KEY_KP2, '2', '2'},       {KEY_KP3, '3', '3'},
    {KEY_KP4, '4', '4'},        {KEY_KP5, '5', '5'},        {KEY_KP6, '6', '6'},       {KEY_KP7, '7', '7'},
    {KEY_KP8, '8', '8'},        {KEY_KP9, '9', '9'},        {KEY_KPDOT, '.', '.'},     {KEY_KPSLASH, '/', '/'},
    {KEY_KPASTERISK, '*', '*'}, {KEY_KPMINUS, '-', '-'},    {KEY_KPPLUS, '+', '+'},    {KEY_KPEQUAL, '=', '='},
};

constexpr std::array<KeyChars, kKeymapSize> build_keymap() {
    std::array<KeyChars, kKeymapSize> map{};
    for (const auto& key : kUsKeys) map[key.code] = {key.plain, key.shifted};
    return map;
}

constexpr auto kKeymap = build_keymap();

bool is_terminator(unsigned code) { return code == KEY_ENTER || code == KEY_KPENTER || code == KEY_TAB; }

// Keys that change nothing in the text a scanner sends; ignored rather than counted as unknown.
bool is_ignorable(unsigned code) { return code == KEY_NUMLOCK || code == KEY_SCROLLLOCK; }

// Bit for Ctrl, Alt and Meta keys, 0 for others.
unsigned other_modifier_bit(unsigned code) {
    switch (code) {
        case KEY_LEFTCTRL: return 1u << 0;
        case KEY_RIGHTCTRL: return 1u << 1;
        case KEY_LEFTALT: return 1u << 2;
        case KEY_RIGHTALT: return 1u << 3;
        case KEY_LEFTMETA: return 1u << 4;
        case KEY_RIGHTMETA: return 1u << 5;
        default: return 0;
    }
}

std::int64_t event_time_us(const input_event& event) {
    return static_cast<std::int64_t>(event.input_event_sec) * 1'000'000 +
           static_cast<std::int64_t>(event.input_event_usec);
}

}  // namespace

std::optional<std::string> KeyWedgeDecoder::feed(const input_event& event) {
    if (event.type != EV_KEY) return std::nullopt;
    const unsigned code = event.code;
    if (event.value == 0) {
        track_modifier(code, false);
        return std::nullopt;
    }
    if (event.value != 1) return std::nullopt;  // autorepeat: a scanner never holds a key down
    auto stale = expire(event_time_us(event));
    last_key_us_ = event_time_us(event);
    if (is_terminator(code)) {
        auto finished = finish();  // nothing when the stale partial was just delivered or dropped
        return stale ? stale : finished;
    }
    press(code);
    return stale;
}

std::optional<std::string> KeyWedgeDecoder::expire(std::int64_t now_us) {
    if (!pending_ || now_us - last_key_us_ <= options_.inter_key_timeout.count() * 1000) return std::nullopt;
    if (options_.deliver_on_timeout) return finish();
    abandon_partial();
    return std::nullopt;
}

std::optional<std::int64_t> KeyWedgeDecoder::deadline_us() const {
    if (!pending_) return std::nullopt;
    return last_key_us_ + options_.inter_key_timeout.count() * 1000 + 1;
}

void KeyWedgeDecoder::abandon_partial() {
    if (pending_) ++stats_.dropped_partials;
    partial_.clear();
    pending_ = false;
}

void KeyWedgeDecoder::resync_key(const input_event& event) {
    // Caps Lock toggles on a press, and a resync reports whether the key is held, not the toggle: skip it.
    if (event.type != EV_KEY || event.code == KEY_CAPSLOCK || (event.value != 0 && event.value != 1)) return;
    track_modifier(event.code, event.value == 1);
}

void KeyWedgeDecoder::press(unsigned code) {
    if (is_modifier(code)) return track_modifier(code, true);
    if (is_ignorable(code)) return;
    const KeyChars chars = code < kKeymapSize ? kKeymap[code] : KeyChars{};
    if (chars.plain == 0 || held_other_modifiers_ != 0) {
        ++stats_.unknown_keys;
        return type(kUnknownKey);
    }
    bool shifted = left_shift_ || right_shift_;
    if (chars.plain >= 'a' && chars.plain <= 'z') shifted = shifted != caps_lock_;
    type(shifted ? chars.shifted : chars.plain);
}

void KeyWedgeDecoder::type(char c) {
    pending_ = true;
    if (partial_.size() < kMaxBytes) partial_.push_back(c);
}

std::optional<std::string> KeyWedgeDecoder::finish() {
    if (!pending_) return std::nullopt;  // Enter with nothing before it: an empty read, not a payload
    pending_ = false;
    ++stats_.payloads;
    return std::exchange(partial_, {});
}

bool KeyWedgeDecoder::is_modifier(unsigned code) const {
    return code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT || code == KEY_CAPSLOCK || other_modifier_bit(code) != 0;
}

void KeyWedgeDecoder::track_modifier(unsigned code, bool down) {
    if (code == KEY_LEFTSHIFT)
        left_shift_ = down;
    else if (code == KEY_RIGHTSHIFT)
        right_shift_ = down;
    else if (code == KEY_CAPSLOCK && down)
        caps_lock_ = !caps_lock_;
    else if (unsigned bit = other_modifier_bit(code); bit != 0)
        held_other_modifiers_ = down ? (held_other_modifiers_ | bit) : (held_other_modifiers_ & ~bit);
}

}  // namespace anjungan::hal
