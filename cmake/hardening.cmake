# Sanitizer and fuzzing builds; how to use them is in docs/security.md.
option(HOLDFAST_FUZZ "Build only the parser libraries and their libFuzzer targets (needs clang)" OFF)
set(HOLDFAST_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread")

# Passed to every test through ctest's ENVIRONMENT, so a plain ctest in a sanitizer build fails on
# the first report and leak reports skip only the third-party frames listed in tests/sanitizers.
set(HOLDFAST_SANITIZER_ENV "")

if(HOLDFAST_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HOLDFAST_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # The libraries get coverage instrumentation only; -fsanitize=fuzzer (libFuzzer's main) is
  # linked into the fuzz targets alone.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
elseif(HOLDFAST_SANITIZE)
  # -O1 and line tables only: the usual sanitizer settings, and about half the compile time of
  # RelWithDebInfo's -O2 -g, which matters as CI builds the suite twice more.
  add_compile_options(-fsanitize=${HOLDFAST_SANITIZE} -fno-omit-frame-pointer -O1 -g1)
  add_link_options(-fsanitize=${HOLDFAST_SANITIZE})
  set(supp ${PROJECT_SOURCE_DIR}/tests/sanitizers)
  if(HOLDFAST_SANITIZE MATCHES "undefined")
    # A UBSan report is otherwise only printed; this makes it fail the test that triggered it.
    add_compile_options(-fno-sanitize-recover=all)
    list(APPEND HOLDFAST_SANITIZER_ENV
         "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=${supp}/ubsan.supp")
  endif()
  if(HOLDFAST_SANITIZE MATCHES "address")
    list(APPEND HOLDFAST_SANITIZER_ENV
         "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1"
         "LSAN_OPTIONS=print_suppressions=0:suppressions=${supp}/lsan.supp")
  endif()
  if(HOLDFAST_SANITIZE MATCHES "thread")
    # die_after_fork=0: QProcess forks the tests' peers (python3, pushpin, node) from a threaded
    # process and execs at once; TSan would otherwise refuse any thread the child makes before
    # exec. ignore_noninstrumented_modules=1: the malloc/free/memcpy that Debian's
    # uninstrumented Qt calls inside itself (its QThreadPool raster workers, QByteArray's
    # out-of-line members whose atomic reference counts TSan cannot see) are not checked; every
    # access compiled from our sources still is, and tsan_canary proves a race there is found.
    list(APPEND HOLDFAST_SANITIZER_ENV
         "TSAN_OPTIONS=second_deadlock_stack=1:die_after_fork=0:ignore_noninstrumented_modules=1:suppressions=${supp}/tsan.supp")
  endif()
  unset(supp)
endif()
