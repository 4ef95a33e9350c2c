// require_ok: the value of a Result that a test needs in order to go on, failing the test with its error otherwise.
#pragma once

#include <catch2/catch.hpp>

#include <utility>

#include "kiosk/core/result.h"

namespace anjungan::test {

template <class T>
T require_ok(Result<T> result) {
    INFO((result ? std::string() : result.error().message));
    REQUIRE(result);
    return std::move(*result);
}

}  // namespace anjungan::test
