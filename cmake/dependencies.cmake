# Every dependency comes from a Debian 12 package (scripts/setup.sh installs them).
# CAF, SOCI and hnswlib ship no CMake config: imported targets are made here.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json system)   # no EXACT: 1.81 != 1.81.0
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED CONFIG)                        # target: yaml-cpp
find_package(CLI11 2.1 REQUIRED CONFIG)
find_package(spdlog 1.10 REQUIRED CONFIG)
find_package(Catch2 2.13 REQUIRED CONFIG)
find_package(PostgreSQL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(date 3.0 REQUIRED CONFIG)                            # date::date-tz: cron time zones (libhowardhinnant-date-dev)

find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY caf_core REQUIRED)
find_library(CAF_IO_LIBRARY caf_io REQUIRED)
add_library(CAF::core SHARED IMPORTED)
set_target_properties(CAF::core PROPERTIES IMPORTED_LOCATION "${CAF_CORE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}" INTERFACE_LINK_LIBRARIES Threads::Threads)
add_library(CAF::io SHARED IMPORTED)
set_target_properties(CAF::io PROPERTIES IMPORTED_LOCATION "${CAF_IO_LIBRARY}"
  INTERFACE_LINK_LIBRARIES CAF::core)
find_library(CAF_OPENSSL_LIBRARY caf_openssl REQUIRED)                 # TLS between cluster nodes
add_library(CAF::openssl SHARED IMPORTED)
set_target_properties(CAF::openssl PROPERTIES IMPORTED_LOCATION "${CAF_OPENSSL_LIBRARY}"
  INTERFACE_LINK_LIBRARIES CAF::io)

find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
add_library(SOCI::core SHARED IMPORTED)
set_target_properties(SOCI::core PROPERTIES IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "Boost::headers;${CMAKE_DL_LIBS}")
add_library(SOCI::sqlite3 SHARED IMPORTED)
set_target_properties(SOCI::sqlite3 PROPERTIES IMPORTED_LOCATION "${SOCI_SQLITE3_LIBRARY}"
  INTERFACE_LINK_LIBRARIES "SOCI::core;SQLite::SQLite3")
add_library(SOCI::postgresql SHARED IMPORTED)
set_target_properties(SOCI::postgresql PROPERTIES IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIBRARY}"
  INTERFACE_LINK_LIBRARIES "SOCI::core;PostgreSQL::PostgreSQL")

find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
add_library(hnswlib::hnswlib INTERFACE IMPORTED)
set_target_properties(hnswlib::hnswlib PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${HNSWLIB_INCLUDE_DIR}")
