// Secret files: read when private, refused when others may read them.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "kiosk/core/secrets.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;

TEST_CASE("A private key file is read and trimmed", "[core][secrets]") {
    test::TempDir dir;
    const std::string path = dir.path() + "/api_key";
    std::ofstream(path) << "  s3cret-key\n";
    chmod(path.c_str(), 0600);
    auto key = read_secret_file(path);
    REQUIRE(key);
    CHECK(*key == "s3cret-key");
}

TEST_CASE("A key file readable by others is refused with a clear message", "[core][secrets]") {
    test::TempDir dir;
    const std::string path = dir.path() + "/api_key";
    std::ofstream(path) << "s3cret-key\n";
    chmod(path.c_str(), 0644);
    auto key = read_secret_file(path);
    REQUIRE_FALSE(key);
    CHECK_THAT(key.error().message, Contains("chmod 600"));
    CHECK_THAT(key.error().message, !Contains("s3cret"));
}
