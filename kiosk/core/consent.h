// The personal-data consent text as the visitor reads it, and the version that identifies it on the wire.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "kiosk/core/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/result.h"

namespace anjungan {

// The consent screen's paragraphs between its title and its tick, in the order shown.
inline constexpr const char* kConsentParagraphKeys[] = {"consent.purpose", "consent.kept", "consent.rights"};

// A paragraph with the configuration filled in ({days} of retention, the {office}).
std::string fill_consent_paragraph(const std::string& text, const Config& config);

// Title, paragraphs and tick, one per line, before the configuration is filled in: what assets/consent/
// archives per version and language.
std::string consent_template(const Translations& tr, const std::string& language);
// The same with the configuration filled in: exactly the text the visitor was shown.
std::string consent_text(const Translations& tr, const std::string& language, const Config& config);

std::string sha256_hex(std::string_view bytes);

// The current consent version's identifier, from assets/consent/current (e.g. "2026-12-01").
Result<std::string> load_consent_version(const std::string& asset_dir);
// The path of the archived template of a version in a language: <asset_dir>/consent/<version>.<language>.txt
std::string consent_archive_path(const std::string& asset_dir, const std::string& version, const std::string& language);

// attribute[consent_version]: "<version>/<language> sha256:<hex of consent_text>".
std::string consent_version_value(const std::string& version, const std::string& language, const std::string& text);

// attribute[consent_version] per language ("id", "en") of the current version in `asset_dir`, for the texts
// `tr` shows with `config`. An error when the version is missing or a language's text differs from its archive
// (the text was changed without a new version).
Result<std::map<std::string, std::string>> load_consent_versions(const std::string& asset_dir, const Translations& tr,
                                                                 const Config& config);

}  // namespace anjungan
