// The automation script language of SPEC §9: parsing lines into commands and decoding scan escapes.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan {

struct ScriptCommand {
    enum class Kind { Tap, Hold, Type, Keyboard, Scan, Wait, Idle, Expect, ExpectNot, WaitFor, Screenshot };
    Kind kind = Kind::Wait;
    int line = 0;         // 1-based line in the script file
    std::string text;     // target, text, payload (escapes decoded; also for keyboard) or file
    long number = 0;      // wait ms, idle seconds, wait-for timeout ms, hold ms
    std::string source;   // the line as written, for error messages
};

// Parses a whole script. Errors read "line N: ...".
Result<std::vector<ScriptCommand>> parse_script(const std::string& text);

// Decodes \xNN, \r, \n, \t and \\ in a scan payload; any other backslash sequence is an error.
Result<std::string> decode_scan_escapes(const std::string& text);

}  // namespace anjungan
