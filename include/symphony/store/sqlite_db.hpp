#pragma once

#include <symphony/core/time.hpp>

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace symphony::store {

/// A prepared SQLite statement. Errors throw `std::runtime_error` naming the statement;
/// they stop at the store boundary. Not thread-safe.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, std::int64_t v);
  SqliteStatement& bind(int index, double v);
  SqliteStatement& bind(int index, std::string_view v);
  SqliteStatement& bind_null(int index);
  /// Runs one step; true when a row is available.
  bool step();
  /// Runs to completion and resets for reuse.
  void run();
  void reset();
  [[nodiscard]] std::int64_t column_int64(int index) const;
  [[nodiscard]] double column_double(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

/// An open SQLite database file (WAL mode). Not thread-safe: one owner thread.
class SqliteDb {
 public:
  /// Opens or creates `path`; throws with the path and SQLite's reason on failure.
  explicit SqliteDb(const std::string& path, bool read_only = false);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(std::string_view sql);
  /// How long a statement waits for another connection's lock before failing (5 s).
  void set_busy_timeout(Duration timeout);
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  [[nodiscard]] std::int64_t last_insert_rowid() const;

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace symphony::store
