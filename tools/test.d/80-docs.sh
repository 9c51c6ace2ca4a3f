# Leg: the documentation (doc/). Converts the pages to HTML with asciidoctor,
# where any warning fails (bin/doc/html/index.html is the entry); checks every
# internal link and anchor of the HTML; checks that the reference has an entry
# for every public name of the headers, two clicks from index.html; checks
# that the tests the guarantees cite exist; checks that each README code block
# is a tagged region of a source the test command builds; builds the snippet
# programs whose code the pages include, and runs each that has an expected
# output, comparing it with what the pages show; the MPI snippets
# (doc/snippets/mpi) are built with MPI configured, as the MPI leg builds
# (sharing its library), and run under mpirun -np 3.
# packages: asciidoctor ruby-rouge clang openmpi-bin libopenmpi-dev
docs_html="$root/bin/doc/html"

html_log="$results_dir/docs-html.log"
rm -rf "$docs_html"
if b2 -j"$jobs" -q -d0 doc//html > "$html_log" 2>&1 && [ -f "$docs_html/index.html" ]; then
    pass "docs     HTML converted without a warning ($(ls "$docs_html"/*.html | wc -l) pages in bin/doc/html)"
else
    fail "docs     HTML conversion (asciidoctor --failure-level=WARN)" "$html_log"
fi

links_log="$results_dir/docs-links.log"
if python3 tools/check_doc_links.py "$docs_html" > "$links_log" 2>&1; then
    pass "docs     links and anchors: $(tail -1 "$links_log")"
else
    fail "docs     links and anchors" "$links_log"
fi

reference_log="$results_dir/docs-reference.log"
if python3 tools/check_reference.py --html "$docs_html" > "$reference_log" 2>&1; then
    pass "docs     reference covers the headers: $(tail -1 "$reference_log")"
else
    fail "docs     reference coverage" "$reference_log"
fi

tests_log="$results_dir/docs-tests.log"
if python3 tools/check_doc_tests.py > "$tests_log" 2>&1; then
    pass "docs     tests the guarantees cite exist: $(tail -1 "$tests_log")"
else
    fail "docs     tests the guarantees cite" "$tests_log"
fi

readme_log="$results_dir/docs-readme.log"
if python3 tools/check_readme_code.py > "$readme_log" 2>&1; then
    pass "docs     README code is built code: $(tail -1 "$readme_log")"
else
    fail "docs     README code blocks" "$readme_log"
fi

# b2's header scanner skips an #include line that ends in a comment: an
# object then goes stale when that header changes (an incremental build
# linked a snippet compiled against an older library).
include_log="$results_dir/sources-include-comments.log"
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^">]*[">][[:space:]]*//' --include='*.cpp' \
    --include='*.hpp' include lib tests examples doc/snippets bench fuzz > "$include_log"; then
    fail "sources  #include lines ending in a comment (b2 misses the dependency)" "$include_log"
else
    pass "sources  no #include line ends in a comment (b2 sees every header)"
fi

if b2_build docs-snippets variant=release doc/snippets; then
    snippet_dir=$(find "$root/bin/doc/snippets" -type d -path '*release*' -name 'threading-multi' |
        grep -v -e sanitizer -e debug-symbols -e /snippets/mpi/ | head -1)
    snippet_programs=$(sed -n 's/^exe \([a-z_0-9]*\) .*/\1/p' doc/snippets/build.jam)
    pass "docs     $(echo "$snippet_programs" | wc -w) snippet programs built"
    # Each program with an expected output runs; the others (a worker program) are started by them.
    for expected in doc/snippets/*.expected; do
        snippet=$(basename "$expected" .expected)
        snippet_log="$results_dir/docs-snippet-$snippet.log"
        if python3 tools/check_snippet_output.py --timeout 120 "$snippet_dir/$snippet" "$expected" \
            > "$snippet_log" 2>&1; then
            pass "docs     snippet $snippet prints what the documentation shows"
        else
            fail "docs     snippet $snippet" "$snippet_log"
        fi
    done
fi

# shellcheck source=tools/mpi_env.sh
source "$root/tools/mpi_env.sh"
if b2_build docs-mpi-snippets --user-config="$mpi_config" variant=release visibility=hidden doc/snippets/mpi; then
    pass "docs     $(grep -c '^exe ' doc/snippets/mpi/build.jam) MPI snippet programs built"
    for expected in doc/snippets/mpi/*.expected; do
        snippet=$(basename "$expected" .expected)
        snippet_log="$results_dir/docs-snippet-$snippet.log"
        program=$(find "$root/bin/doc/snippets/mpi" -type f -perm -u+x -name "$snippet" -path '*visibility-hidden*' |
            grep -v -e sanitizer -e debug-symbols | head -1)
        # check_snippet_output.py runs a program without arguments: this one starts mpirun.
        launcher="$results_dir/docs-mpirun-$snippet.sh"
        { echo '#!/usr/bin/env bash'
          printf 'exec timeout -k 10 100'
          printf ' %q' "${mpi_env[@]}" mpirun --oversubscribe -np 3 "$program"
          echo; } > "$launcher"
        chmod +x "$launcher"
        if [ -n "$program" ] &&
           python3 tools/check_snippet_output.py --timeout 120 "$launcher" "$expected" > "$snippet_log" 2>&1; then
            pass "docs     snippet $snippet (mpirun -np 3) prints what the documentation shows"
        else
            fail "docs     snippet $snippet (mpirun -np 3)" "$snippet_log"
        fi
    done
fi
