// The table of built services; everything else asks it instead of comparing service codes.
#include "kiosk/core/services.h"

#include <array>

namespace anjungan::services {
namespace {

constexpr std::array<BuiltService, 5> kServices{{
    {kLapor, "L", false, true, true, true, "chronology"},
    {kPpid, "P", false, true, true, true, "information"},
    {kAduanKonten, "K", false, true, true, true, "description"},
    {kAntrian, "A", true, true, false, true, ""},
    {kBantuan, "B", false, false, false, false, ""},
}};

}  // namespace

std::span<const BuiltService> all() { return kServices; }

const BuiltService* find(std::string_view code) {
    for (const auto& s : kServices)
        if (s.code == code) return &s;
    return nullptr;
}

const std::string& default_letters() {
    static const std::string letters = [] {
        std::string joined;
        for (const auto& s : kServices)
            joined += (joined.empty() ? "" : ",") + std::string(s.code) + ":" + std::string(s.default_letter);
        return joined;
    }();
    return letters;
}

std::vector<std::string> all_codes() {
    std::vector<std::string> codes;
    for (const auto& s : kServices) codes.emplace_back(s.code);
    return codes;
}

std::vector<std::string> home_tile_codes() {
    std::vector<std::string> codes;
    for (const auto& s : kServices)
        if (s.home_tile) codes.emplace_back(s.code);
    return codes;
}

bool only_when_desk_open(std::string_view code) {
    const auto* s = find(code);
    return s && s->only_when_desk_open;
}

bool prints_ticket(std::string_view code) {
    const auto* s = find(code);
    return !s || s->prints_ticket;
}

bool has_form(std::string_view code) {
    const auto* s = find(code);
    return !s || s->has_form;
}

}  // namespace anjungan::services
