#!/usr/bin/env bash
# Fails when a C++ source of ours is not clang-formatted (.clang-format at the top).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r file; do
    if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
        echo "not clang-formatted: $file (run: clang-format -i $file)"
        status=1
    fi
done < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app broker ui tests -name '*.cpp' -o -name '*.h')
[ $status -eq 0 ] && echo "all sources are clang-formatted"
exit $status
