// Script parsing: one command a line, '#' starts a comment.
#include "kiosk/core/script.h"

#include <cctype>
#include <map>
#include <sstream>

namespace anjungan {
namespace {

bool parse_number(const std::string& s, long& out) {
    if (s.empty() || s.size() > 12) return false;
    for (const char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = std::stol(s);
    return true;
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Status fill(ScriptCommand& c, const std::string& verb, const std::string& rest) {
    using K = ScriptCommand::Kind;
    static const std::map<std::string, K> verbs = {
        {"tap", K::Tap},          {"hold", K::Hold},         {"type", K::Type},
        {"keyboard", K::Keyboard}, {"scan", K::Scan},        {"wait", K::Wait},         {"idle", K::Idle},
        {"expect", K::Expect},    {"expect-not", K::ExpectNot}, {"wait-for", K::WaitFor},
        {"screenshot", K::Screenshot}};
    const auto it = verbs.find(verb);
    if (it == verbs.end()) return fail("unknown command '" + verb + "'");
    c.kind = it->second;
    c.text = rest;
    if (c.kind == K::Wait || c.kind == K::Idle) {
        if (!parse_number(rest, c.number)) return fail(verb + " needs a whole number, got '" + rest + "'");
        return Ok{};
    }
    if (c.kind == K::WaitFor || c.kind == K::Hold) {
        const auto space = rest.find_last_of(' ');
        if (space == std::string::npos || !parse_number(rest.substr(space + 1), c.number))
            return fail(c.kind == K::Hold ? "hold needs a target and a time in ms"
                                          : "wait-for needs a text or target and a timeout in ms");
        c.text = trim(rest.substr(0, space));
    }
    if (c.kind == K::Scan || c.kind == K::Keyboard) {
        auto decoded = decode_scan_escapes(rest);
        if (!decoded) return decoded.error();
        c.text = *decoded;
        return Ok{};
    }
    if (c.text.empty()) return fail(verb + " needs an argument");
    return Ok{};
}

}  // namespace

Result<std::string> decode_scan_escapes(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (i + 1 >= text.size()) return fail("a lone backslash at the end of the payload");
        const char e = text[++i];
        if (e == 'r') out += '\r';
        else if (e == 'n') out += '\n';
        else if (e == 't') out += '\t';
        else if (e == '\\') out += '\\';
        else if (e == 'x') {
            const int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) return fail("\\x needs two hex digits");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            return fail(std::string("unknown escape \\") + e);
        }
    }
    return out;
}

Result<std::vector<ScriptCommand>> parse_script(const std::string& text) {
    std::vector<ScriptCommand> commands;
    std::istringstream in(text);
    std::string raw;
    for (int number = 1; std::getline(in, raw); ++number) {
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        ScriptCommand c;
        c.line = number;
        c.source = line;
        const auto space = line.find(' ');
        const std::string verb = line.substr(0, space);
        // Scan payloads and keyboard text keep their spaces exactly; other arguments are trimmed.
        const std::string rest = space == std::string::npos ? "" : (verb == "scan" || verb == "keyboard" ? line.substr(space + 1) : trim(line.substr(space + 1)));
        if (auto s = fill(c, verb, rest); !s) return fail("line " + std::to_string(number) + ": " + s.error().message);
        commands.push_back(std::move(c));
    }
    return commands;
}

}  // namespace anjungan
