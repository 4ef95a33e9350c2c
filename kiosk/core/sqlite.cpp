// SQLite RAII wrappers.
#include "kiosk/core/sqlite.h"

#include <cerrno>

namespace anjungan::sql {
namespace {

// SQLite's result code as the project's error code; ENOSPC can also come back as an I/O error (fsync).
ErrorCode code_of(sqlite3* db, int rc) {
    switch (rc & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return ErrorCode::StorageCorrupt;
        case SQLITE_FULL: return ErrorCode::StorageFull;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return ErrorCode::StorageBusy;
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_AUTH: return ErrorCode::Permission;
        case SQLITE_IOERR: return db && sqlite3_system_errno(db) == ENOSPC ? ErrorCode::StorageFull : ErrorCode::Storage;
        default: return ErrorCode::Storage;
    }
}

Error failure(sqlite3* db, std::string message) { return fail(code_of(db, sqlite3_extended_errcode(db)), std::move(message)); }

}  // namespace

Result<Database> Database::open(const std::string& path, Access access) {
    sqlite3* db = nullptr;
    const int mode = access == Access::ReadOnly    ? SQLITE_OPEN_READONLY
                     : access == Access::ReadWrite ? SQLITE_OPEN_READWRITE
                                                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db, mode | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        const ErrorCode code = code_of(db, rc);
        sqlite3_close(db);
        return fail(code, path + ": " + message);
    }
    sqlite3_busy_timeout(db, 5000);
    return Database(db);
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

Database::~Database() { sqlite3_close(db_); }

Status Database::exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        return failure(db_, message);
    }
    return Ok{};
}

Result<Statement> Database::prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return failure(db_, message());
    return Statement(stmt);
}

Statement& Statement::bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    return failure(db, sqlite3_errmsg(db));
}

Status Statement::run() {
    for (;;) {
        auto more = step();
        if (!more) return more.error();
        if (!*more) return Ok{};
    }
}

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

Transaction::Transaction(Database& db) : db_(db), begun_(db.exec("BEGIN IMMEDIATE")) {}

Transaction::~Transaction() {
    if (begun_ && !done_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
    Status s = db_.exec("COMMIT");
    if (s) done_ = true;
    return s;
}

}  // namespace anjungan::sql
