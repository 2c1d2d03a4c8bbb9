# Sourced by the tests that run entrycheck on a copy of the corpus.
# copy_corpus SRCROOT DEST: copies SRCROOT/corpus to DEST/corpus, only the
# folders ENTRYCHECK_TEST_CORPUS names when it is set (the sanitizer suite,
# where a run is several times slower, names those the tests edit).
copy_corpus() {
	local d
	mkdir -p "$2/corpus" || return 1
	if [ -z "${ENTRYCHECK_TEST_CORPUS:-}" ]; then
		cp -r "$1/corpus/." "$2/corpus/"
		return
	fi
	for d in $ENTRYCHECK_TEST_CORPUS; do
		cp -r "$1/corpus/$d" "$2/corpus/$d" || return 1
	done
}
