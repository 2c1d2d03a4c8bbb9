# Installation and packaging. The layout (GNUInstallDirs):
#   bin/entrycheck
#   share/entrycheck/rules/    the rule set, its schema and its docs (entrycheck explain)
#   share/entrycheck/include/  the header model overlay (analyzer/wdk/include)
#   share/doc/entrycheck/      README.md and docs/ (the manual in Markdown)
#   share/man/man1/entrycheck.1 the manual page
# The binary finds share/entrycheck from its own location at run time, so the
# installed tree can be moved or packaged whole.
install(TARGETS entrycheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${ENTRYCHECK_INSTALL_DATADIR}/rules)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/analyzer/wdk/include/
        DESTINATION ${ENTRYCHECK_INSTALL_DATADIR}/include)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
install(FILES ${PROJECT_SOURCE_DIR}/docs/entrycheck.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# cpack -G DEB (in the build directory) writes entrycheck_<version>_<arch>.deb.
set(CPACK_PACKAGE_NAME entrycheck)
set(CPACK_PACKAGE_VENDOR "entrycheck")
set(CPACK_PACKAGE_CONTACT "entrycheck maintainers <entrycheck@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance checker for the DriverEntry routines of Windows drivers")
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
