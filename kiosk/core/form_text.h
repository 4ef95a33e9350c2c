// What a form says about its fields in the visitor's language: labels, value names, hints and error messages.
#pragma once

#include <string>

#include "kiosk/core/catalogue.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"

namespace anjungan {

// A translation (field.<code>, value.<code>.<key>) wins over the catalogue's per-language names, which win over
// the catalogue's own text.
std::string field_label(const Translations& tr, const std::string& language, const Attribute& a);
std::string value_label(const Translations& tr, const std::string& language, const Attribute& a,
                        const std::string& key);

// The plain message for an error, naming the fields and answers it refers to.
std::string error_text(const Translations& tr, const std::string& language, const Service& service,
                       const FieldError& error);

}  // namespace anjungan
