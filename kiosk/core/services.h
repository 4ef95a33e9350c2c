// The services the kiosk is built for: their codes, default ticket letters and what each one does.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace anjungan::services {

// Service codes (SPEC §2): the wire contract with the server and the stable ids of the home tiles.
inline constexpr std::string_view kLapor = "LAPOR";
inline constexpr std::string_view kPpid = "PPID";
inline constexpr std::string_view kAduanKonten = "ADUAN_KONTEN";
inline constexpr std::string_view kAntrian = "ANTRIAN";
inline constexpr std::string_view kBantuan = "BANTUAN";

struct BuiltService {
    std::string_view code;
    std::string_view default_letter;   // ticket letter unless numbering.service_letters says otherwise
    bool only_when_desk_open = false;  // not issued outside the desk's opening hours (the queue)
    bool prints_ticket = true;         // false: the visitor leaves with nothing printed (calling an officer)
    bool has_form = true;              // an intro and the catalogue's form; false: its own screen or none
    bool home_tile = true;             // a tile on the home screen and a line on the attract screen
    std::string_view main_text_field;  // the field sent as Open311's `description`; "" when generated
};

// Every built service in the order of the home screen.
std::span<const BuiltService> all();
// The built service with this code, or nullptr.
const BuiltService* find(std::string_view code);

// "LAPOR:L,PPID:P,...": the default of numbering.service_letters.
const std::string& default_letters();
// The codes of all(), for the session's list of services this kiosk can serve.
std::vector<std::string> all_codes();
// The codes with a home tile, in the home screen's order.
std::vector<std::string> home_tile_codes();

bool only_when_desk_open(std::string_view code);
bool prints_ticket(std::string_view code);  // unknown codes print (a ticket is never silently withheld)
bool has_form(std::string_view code);       // unknown codes have one (the generic form engine)

}  // namespace anjungan::services
