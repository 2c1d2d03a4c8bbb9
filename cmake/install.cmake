# Installation and packaging. The layout (GNUInstallDirs):
#   bin/entrycheck
#   share/entrycheck/rules/    the rule set, its schema and its docs (entrycheck explain)
#   share/entrycheck/include/  the header model overlay (analyzer/wdk/include)
#   share/doc/entrycheck/      README.md and docs/ (the manual in Markdown), copyright
#                              (machine-readable, DEP-5) and changelog.gz (Debian's format)
#   share/man/man1/entrycheck.1.gz the manual page
# The binary finds share/entrycheck from its own location at run time, so the
# installed tree can be moved or packaged whole.

# The one place that names the maintainer: the .deb's Maintainer field, the copyright's
# Upstream-Contact and the changelog's signature lines.
set(ENTRYCHECK_MAINTAINER "entrycheck maintainers <entrycheck-maintainers@users.noreply.github.com>"
    CACHE STRING "Maintainer of the packages built (name <address>)")
set(ENTRYCHECK_HOMEPAGE "https://github.com/entrycheck/entrycheck")

# copyright and changelog from cmake/debian/; the changelog's newest entry is this version.
set(entrycheck_pkg ${CMAKE_CURRENT_BINARY_DIR}/packaging)
file(STRINGS ${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in entrycheck_changelog_top LIMIT_COUNT 1)
if(NOT entrycheck_changelog_top MATCHES "^entrycheck \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "cmake/debian/changelog.in: the newest entry is not version ${PROJECT_VERSION} "
                      "(project() in CMakeLists.txt): add an entry for it at the top")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/copyright.in ${entrycheck_pkg}/copyright @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${entrycheck_pkg}/changelog @ONLY)
# Compressed as Debian wants them (gzip -9n: no name or time stamp, so the bytes are reproducible);
# man-db, mandoc and macOS's man read them compressed.
find_program(GZIP_EXECUTABLE gzip)
if(NOT GZIP_EXECUTABLE)
  message(FATAL_ERROR "gzip not found: it compresses the manual page and the changelog")
endif()
add_custom_command(OUTPUT ${entrycheck_pkg}/gz/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${entrycheck_pkg}/changelog ${entrycheck_pkg}/gz/changelog
  COMMAND ${GZIP_EXECUTABLE} -9nf ${entrycheck_pkg}/gz/changelog
  DEPENDS ${entrycheck_pkg}/changelog VERBATIM)
add_custom_command(OUTPUT ${entrycheck_pkg}/gz/entrycheck.1.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/docs/entrycheck.1 ${entrycheck_pkg}/gz/entrycheck.1
  COMMAND ${GZIP_EXECUTABLE} -9nf ${entrycheck_pkg}/gz/entrycheck.1
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/entrycheck.1 VERBATIM)
add_custom_target(entrycheck_packaging ALL
  DEPENDS ${entrycheck_pkg}/gz/changelog.gz ${entrycheck_pkg}/gz/entrycheck.1.gz)

install(TARGETS entrycheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${ENTRYCHECK_INSTALL_DATADIR}/rules)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/analyzer/wdk/include/
        DESTINATION ${ENTRYCHECK_INSTALL_DATADIR}/include)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
install(FILES ${entrycheck_pkg}/copyright ${entrycheck_pkg}/gz/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${entrycheck_pkg}/gz/entrycheck.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# cpack -G DEB (in the build directory) writes entrycheck_<version>_<arch>.deb.
set(CPACK_PACKAGE_NAME entrycheck)
set(CPACK_PACKAGE_VENDOR "entrycheck")
set(CPACK_PACKAGE_CONTACT "${ENTRYCHECK_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ENTRYCHECK_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${ENTRYCHECK_HOMEPAGE}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance checker for the DriverEntry routines of Windows drivers")
# The extended description, under the summary line.
set(CPACK_PACKAGE_DESCRIPTION "entrycheck checks the DriverEntry routines of Windows drivers (C and C++)
against what Microsoft documents for each driver model: WDM, KMDF, UMDF,
minifilters, storage class and filter drivers, Storport and ScsiPort
miniports, NDIS, WFP callouts and ATA miniports. It parses the sources with
libclang against its own model of the Windows Driver Kit headers, so no kit
is needed, and reports as text, JSON, HTML or SARIF for code scanning.")
# Stripped binaries (the debug information stays in the build tree); control files 0644/0755.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# What is loaded at run time without being linked: clang's builtin headers (the
# resource dir, from libclang-common) and mingw-w64's DDK headers.
set(entrycheck_data_depends "libclang-common-${LLVM_MAJOR}-dev, mingw-w64-common")
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  # The shared libraries (libclang1-N, libcjson1, libc6) as dpkg-shlibdeps finds them.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${entrycheck_data_depends}")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang1-${LLVM_MAJOR}, libcjson1, ${entrycheck_data_depends}")
endif()
include(CPack)
