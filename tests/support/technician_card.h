// A technician keypair made for a test, and the cards (ANJ-TECH1 QR payloads) signed with it.
#pragma once

#include <catch2/catch.hpp>

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>

#include "kiosk/core/scan_payload.h"

namespace anjungan::test {

struct TestSigner {
    std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
    std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key{};

    TestSigner() {
        REQUIRE(sodium_init() >= 0);
        crypto_sign_keypair(public_key.data(), secret_key.data());
    }

    // For technician.card_public_key.
    std::string public_key_base64() const { return base64(public_key.data(), public_key.size()); }
    scan::TechnicianKey key() const { return *scan::TechnicianKey::from_base64(public_key_base64()); }

    std::string signature(const std::string& text) const {
        std::array<unsigned char, crypto_sign_BYTES> sig{};
        crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             secret_key.data());
        return base64(sig.data(), sig.size());
    }

    std::string card(const std::string& id, std::int64_t expiry) const {
        const std::string signed_text = id + ":" + std::to_string(expiry);
        return "ANJ-TECH1:" + signed_text + ":" + signature(signed_text);
    }

    static std::string base64(const unsigned char* bytes, std::size_t size) {
        std::string text(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
        sodium_bin2base64(text.data(), text.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
        text.resize(text.size() - 1);  // the terminating NUL
        return text;
    }
};

}  // namespace anjungan::test
