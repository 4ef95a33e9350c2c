// Translations: flat JSON catalogues per language in assets/i18n, looked up by key.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"

namespace anjungan {

class Translations {
public:
    // Loads every language in `languages` from <dir>/<lang>.json. Each file is an object of string values.
    static Result<Translations> load(const std::string& dir, const std::set<std::string>& languages);

    // The text for `key` in `language`; a missing key yields "[key]" (so it shows, and tests catch it).
    const std::string& get(const std::string& language, const std::string& key) const;
    bool has(const std::string& language, const std::string& key) const;
    std::set<std::string> keys(const std::string& language) const;

    // Replaces "{name}" placeholders.
    static std::string format(std::string text, const std::map<std::string, std::string>& values);

private:
    std::map<std::string, std::map<std::string, std::string>> text_;
    mutable std::map<std::string, std::string> missing_;
};

// "Minggu, 29 November 2026" / "Sunday, 29 November 2026".
std::string long_date(const LocalTime& t, const std::string& language);

}  // namespace anjungan
