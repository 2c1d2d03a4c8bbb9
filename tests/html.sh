#!/usr/bin/env bash
# The HTML report (check --format html) as a browser shows it: the report of
# corpus/ is loaded in a real headless Chromium with tests/html/probe.js
# appended, which reads the rendered page (every finding, every step drawn
# under its source line, each rule and level filter chosen through its
# control) into the DOM; tests/html/expect.js compares that with the JSON
# report of the same run. The same on a corpus copy whose file name and
# source hold markup, which must show as text. The report must load nothing,
# be valid UTF-8 and come out the same twice; a screenshot is taken. The
# findings show the caveats of their DriverEntry, and "Not analyzed" lists
# only files nothing of which was analyzed, without command-line advice.
#   tests/html.sh ENTRYCHECK SOURCE-ROOT
# Exit 77 (skipped) without Chromium or Node.js, unless CI is set.
# ENTRYCHECK_HTML_SCREENSHOT=FILE keeps the screenshot of the corpus report.
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

browser=$(command -v chromium || command -v chromium-browser || true)
for tool in "$browser" "$(command -v node || true)"; do
	[ -n "$tool" ] || skip_outside_ci "chromium or node" "apt-get install chromium nodejs; .ci/setup.sh does"
done


# browser ARGS... URL: headless, as root too, with a profile of its own.
run_browser() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
		--user-data-dir="$scratch/profile" "$@" 2>>"$scratch/browser.log"
}

# probe NAME URL-FRAGMENT: the report NAME.html with the probe appended, its DOM after loading.
probe() {
	{ cat "$scratch/$1.html"; printf '<script>\n'; cat "$root/tests/html/probe.js"; printf '</script>\n'; } \
		>"$scratch/$1.probe.html"
	run_browser --dump-dom "file://$scratch/$1.probe.html$2" >"$scratch/$1$2.dom.html"
}

# static NAME: the report loads nothing and is valid UTF-8.
static_checks() {
	iconv -f UTF-8 -t UTF-8 "$scratch/$1.html" >/dev/null 2>&1 || fail "$1.html is not valid UTF-8"
	grep -qiE '<(link|iframe|object|embed|img)\b|(src|href|action)="?(https?:|//)|url\(|@import' \
		"$scratch/$1.html" && fail "$1.html refers to something outside itself"
	grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$scratch/$1.html" ||
		fail "$1.html has no Content-Security-Policy forbidding fetches"
}

cd "$root" || exit 1
"$bin" check --format json corpus >"$scratch/corpus.json" 2>/dev/null
[ $? -eq 1 ] || fail "check --format json corpus should exit 1"
"$bin" check --format html -o "$scratch/corpus.html" corpus 2>/dev/null
[ $? -eq 1 ] || fail "check --format html corpus should exit 1"
"$bin" check --format html corpus >"$scratch/again.html" 2>/dev/null
cmp -s "$scratch/corpus.html" "$scratch/again.html" || fail "two runs gave different pages"
"$bin" entries --format html corpus >/dev/null 2>"$scratch/entries.err"
[ $? -eq 2 ] && grep -q "the entries command does not write html" "$scratch/entries.err" ||
	fail "entries --format html should be refused: $(cat "$scratch/entries.err")"
static_checks corpus

probe corpus ""
node "$root/tests/html/expect.js" "$scratch/corpus.json" "$scratch/corpus.dom.html" no || fail "corpus report"
probe corpus "#rule=FLT004"
node "$root/tests/html/expect.js" "$scratch/corpus.json" "$scratch/corpus#rule=FLT004.dom.html" no FLT004 ||
	fail "corpus report opened with #rule=FLT004"

run_browser --window-size=1280,2600 --screenshot="$scratch/corpus.png" "file://$scratch/corpus.html" >/dev/null
if [ "$(head -c 8 "$scratch/corpus.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
	fail "no screenshot taken"
elif [ -n "${ENTRYCHECK_HTML_SCREENSHOT:-}" ]; then
	cp "$scratch/corpus.png" "$ENTRYCHECK_HTML_SCREENSHOT"
fi

# Markup and a byte that is not UTF-8 in a file name and in the source, near a finding.
mkdir -p "$scratch/hostile"
hostile="$scratch/hostile/soft<b>&'q\".c"
sed -e '57s|^$|    /* </script><img src=x onerror="document.title=1"> \&amp; <!-- \xe9 \f */|' \
	-e '52s|if (!NT_SUCCESS(status)) {|if (!NT_SUCCESS(status) \&\& "<img src=y onerror=alert(1)>"[0]) {|' \
	corpus/minifilter/bad/softfail.c >"$hostile"
# A DriverEntry parse errors swallowed (listed as not analyzed) and a finding
# that rests on an assumed declaration (tests/unanalyzable.sh has both).
cat >"$scratch/hostile/swallowed.c" <<'C'
#include <ntddk.h>
struct broken { int x
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
C
cat >"$scratch/hostile/guessed.c" <<'C'
#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
static PDEVICE_OBJECT GaugeDevice;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNREFERENCED_PARAMETER(RegistryPath);
	status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_GAUGE, 0, FALSE, &GaugeDevice);
	if (!NT_SUCCESS(status))
		return status;
	DriverObject->MajorFunction[IRP_MJ_CREATE] = NULL;
	return STATUS_SUCCESS;
}
C
# A parse error outside DriverEntry, whose findings are reported all the same
# (so the file is not "not analyzed"), and notes of an evaluation that travel
# with the findings as caveats.
cat >"$scratch/hostile/partial.c" <<'C'
#include <fltKernel.h>
PFLT_FILTER gFilter;
CONST FLT_REGISTRATION Reg = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };
int helper(void) { return undeclared_thing + ; }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = FltRegisterFilter(DriverObject, &Reg, &gFilter);
    if (!NT_SUCCESS(status))
        return status;
    return STATUS_SUCCESS;
}
C
cat >"$scratch/hostile/opaque.c" <<'C'
#include <ntddk.h>
VOID HelperA(PVOID p);
VOID HelperB(PVOID p);
PVOID gA, gB;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    gA = ExAllocatePoolWithTag(NonPagedPool, 64, 'tseT');
    if (gA == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    HelperA(gA);
    gB = ExAllocatePoolWithTag(NonPagedPool, 64, 'tseT');
    if (gB == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    HelperB(gB);
    DriverObject->DriverUnload = NULL;
    return STATUS_SUCCESS;
}
C
(
	cd "$scratch" || exit 1
	"$bin" check --format json hostile >hostile.json 2>/dev/null
	"$bin" check --format html -o hostile.html hostile 2>/dev/null
)
grep -q '"FLT005"' "$scratch/hostile.json" || fail "the hostile copy lost its FLT005 finding"
grep -q '"assumed"' "$scratch/hostile.json" || fail "guessed.c's findings lost their assumption"
grep -q '"not-analyzable"' "$scratch/hostile.json" || fail "swallowed.c's DriverEntry is no longer unanalyzable"
grep -q '"caveats"' "$scratch/hostile.json" || fail "opaque.c's findings carry no caveats"
grep -q 'clang reported 1 error while parsing' "$scratch/hostile.json" || fail "partial.c no longer has a parse error"
static_checks hostile
grep -q '&lt;/script&gt;&lt;img src=x onerror=' "$scratch/hostile.html" || fail "the source's markup is not escaped"
grep -q $'&lt;!-- \xc3\xa9 ' "$scratch/hostile.html" ||
	fail "the Windows-1252 byte 0xE9 in the source is not shown as U+00E9"
probe hostile ""
node "$root/tests/html/expect.js" "$scratch/hostile.json" "$scratch/hostile.dom.html" yes || fail "hostile report"

if [ "$failed" -ne 0 ] && [ -s "$scratch/browser.log" ]; then
	echo "html: the browser said (last lines):" >&2
	grep -v -e dbus -e 'Fontconfig' "$scratch/browser.log" | tail -n 5 >&2
fi
finish "html: 1 passed, 0 failed"
