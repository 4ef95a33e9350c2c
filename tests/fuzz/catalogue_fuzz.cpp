// libFuzzer target: any bytes as a catalogue give a catalogue within its bounds or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "kiosk/core/catalogue.h"
#include "tests/fuzz/fuzz_require.h"

using namespace anjungan;
using fuzz::require;

namespace {

void check_bounds(const Catalogue& catalogue) {
    require(!catalogue.services.empty() && catalogue.services.size() <= kMostServices, "service count in bounds");
    std::set<std::string> codes;
    for (const auto& s : catalogue.services) {
        require(codes.insert(s.code).second, "service codes unique");
        require(!s.code.empty() && s.code.size() <= 32, "service code length");
        require(catalogue.find(s.code) == &s, "find returns the service");
        require(s.attributes.size() <= kMostAttributes, "attribute count in bounds");
        for (std::size_t i = 0; i < s.attributes.size(); ++i) {
            const auto& a = s.attributes[i];
            require(a.max_length >= 1 && a.max_length <= 10000, "max_length in range");
            require(a.values.size() <= kMostValues, "value count in bounds");
            require(i == 0 || s.attributes[i - 1].order <= a.order, "attributes sorted by order");
            const bool list = a.datatype == Datatype::SingleValueList || a.datatype == Datatype::MultiValueList;
            require(!list || !a.values.empty(), "lists have values");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto catalogue = parse_catalogue(text);
    if (catalogue) check_bounds(*catalogue);
    else require(!catalogue.error().message.empty(), "errors say something");
    return 0;
}
