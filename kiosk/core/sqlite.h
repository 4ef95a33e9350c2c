// RAII wrappers for SQLite connections and prepared statements.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <sqlite3.h>

#include "kiosk/core/result.h"

namespace anjungan::sql {

class Statement;

// How a connection may use its file: the owner creates it; other connections never do, and readers cannot write.
enum class Access { CreateReadWrite, ReadWrite, ReadOnly };

class Database {
public:
    // Opens a database file (by default creating it if needed). Errors name the path and SQLite's message.
    static Result<Database> open(const std::string& path, Access access = Access::CreateReadWrite);

    Database(Database&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Status exec(const std::string& sql);
    Result<Statement> prepare(const std::string& sql);
    std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    std::string message() const { return sqlite3_errmsg(db_); }
    int error_code() const { return sqlite3_errcode(db_); }
    sqlite3* handle() const { return db_; }

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }

    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);
    Statement& bind(int index, const std::optional<std::string>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Runs one step: true when a row is available, false when done. Errors come back as Error.
    Result<bool> step();
    Status run();  // steps to completion, expecting no rows

    std::string text(int column) const;
    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
    friend class Database;
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    sqlite3_stmt* stmt_ = nullptr;
};

// Rolls back unless commit() succeeded. BEGIN IMMEDIATE takes the write lock up front, so two writers
// never deadlock upgrading a read lock.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Status begun() const { return begun_; }
    Status commit();

private:
    Database& db_;
    Status begun_;
    bool done_ = false;
};

}  // namespace anjungan::sql
