#!/usr/bin/env bash
# Validates the reports with real validators: Microsoft's Sarif.Multitool
# (`validate --rule-kind "Sarif;Ghas"`; it exits 0 even when it finds errors,
# so its log's error results are counted) and ajv with the SARIF 2.1.0 schema
# the multitool ships, for the corpus SARIF, the committed reports/check.sarif
# a SARIF with failed inputs and CP-1252 text, and one run from a driver's
# folder inside a git work tree (every URI must resolve against the top of
# the work tree); the JSON reports are
# validated with ajv against analyzer/schema/report.schema.json. Every file
# must also be strict UTF-8.
# usage: sarif.sh ENTRYCHECK SOURCE_ROOT NPM_DIR
# The validators are installed from npm into NPM_DIR when missing; once there
# the test runs offline.
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
mkdir -p "$3"
npm_dir=$(cd "$3" && pwd)
packages="@microsoft/sarif-multitool@5.7.0 ajv-cli@5.0.0 ajv-formats@3.0.1"
case "$(uname -s)" in
Darwin) platform=darwin ;;
*) platform=linux ;;
esac
modules=$npm_dir/node_modules
multitool=$modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool
sarif_schema=$modules/@microsoft/sarif-multitool-$platform/sarif-2.1.0.json
ajv_cli=$modules/ajv-cli/dist/index.js
report_schema=$root/analyzer/schema/report.schema.json

command -v node >/dev/null 2>&1 || die "node is required (Debian: apt-get install nodejs)"
if [ ! -e "$multitool" ] || [ ! -e "$sarif_schema" ] || [ ! -e "$ajv_cli" ] || [ ! -d "$modules/ajv-formats" ]; then
	echo "installing $packages into $npm_dir"
	npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error $packages >&2 ||
		die "npm could not install $packages"
fi
# npm may skip the package's postinstall script, which only sets this bit.
[ -x "$multitool" ] || chmod u+x "$multitool"
# The multitool is a .NET program; without ICU it needs invariant globalization.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

# utf8 FILE: the file decodes as strict UTF-8.
utf8() {
	node -e 'new TextDecoder("utf-8", { fatal: true }).decode(require("fs").readFileSync(process.argv[1]))' "$1"
}

# multitool NAME FILE: no result of level "error" in the validator's log.
multitool() {
	local name=$1 file=$2 log=$scratch/$1.validation.sarif
	rm -f "$log"
	"$multitool" validate "$file" --rule-kind "Sarif;Ghas" --level "Error;Warning" -o "$log" \
		--log ForceOverwrite >"$scratch/$name.multitool.txt" 2>&1
	if [ ! -s "$log" ]; then
		fail "$name: Sarif.Multitool wrote no log"
		cat "$scratch/$name.multitool.txt"
		return
	fi
	local counts
	counts=$(node -e '
		const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		let errors = 0, warnings = 0;
		for (const run of log.runs || [])
			for (const r of run.results || []) {
				const level = r.level || "warning";
				if (level === "error" || level === "warning") {
					level === "error" ? errors++ : warnings++;
					const where = r.locations && r.locations[0] && r.locations[0].physicalLocation &&
						r.locations[0].physicalLocation.region;
					console.error(`  ${level} ${r.ruleId}: ${JSON.stringify(r.message.arguments || r.message.text)}` +
						(where ? ` at line ${where.startLine}` : ""));
				}
			}
		for (const run of log.runs || [])
			for (const i of run.invocations || [])
				for (const n of i.toolExecutionNotifications || [])
					if (n.level === "error") {
						errors++;
						console.error("  tool error: " + n.message.text);
					}
		console.log(`${errors} ${warnings}`);
	' "$log")
	local errors=${counts% *} warnings=${counts#* }
	echo "$name: Sarif.Multitool (Sarif;Ghas): $errors errors, $warnings warnings"
	if [ "$errors" = 0 ]; then pass "$name: Sarif.Multitool"; else fail "$name: Sarif.Multitool"; fi
}

# ajv NAME SCHEMA FILE: FILE is valid against SCHEMA (draft 2020-12).
ajv() {
	local name=$1 schema=$2 data=$scratch/ajv-$1.json
	cp "$3" "$data" # ajv insists on a .json name
	if node "$ajv_cli" validate --spec=draft2020 -c "$modules/ajv-formats" -s "$schema" -d "$data" \
		--errors=line >"$scratch/$name.ajv.txt" 2>&1; then
		echo "$name: ajv ($(basename "$schema")): 0 errors"
		pass "$name: ajv"
	else
		echo "$name: ajv ($(basename "$schema")): errors:"
		cat "$scratch/$name.ajv.txt"
		fail "$name: ajv"
	fi
	if utf8 "$3"; then pass "$name: UTF-8"; else fail "$name: not UTF-8"; fi
}

# multitool_errors FILE: how many errors the multitool finds in FILE.
multitool_errors() {
	"$multitool" validate "$1" --rule-kind "Sarif;Ghas" -o "$1.log" --log ForceOverwrite >/dev/null 2>&1
	node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		console.log(l.runs.flatMap(r => r.results || []).filter(r => r.level === "error").length)' "$1.log" 2>/dev/null ||
		echo 0
}

# The validators must see errors where there are some: a relative
# originalUriBaseIds URI (SARIF1004) and a level outside the schema's enum.
cd "$root"
sed -e 's|"uri":[[:space:]]*"file:///[^"]*"|"uri": "relative/base"|' \
	-e '0,/"level":[[:space:]]*"error"/s//"level": "fatal"/' "$root/reports/check.sarif" >"$scratch/broken.sarif"
"$bin" check --format sarif -o "$scratch/base.sarif" corpus/minifilter/bad 2>/dev/null
sed -e 's|"uri":[[:space:]]*"file:///[^"]*"|"uri": "relative/base"|' "$scratch/base.sarif" >"$scratch/broken-base.sarif"
n=$(multitool_errors "$scratch/broken-base.sarif")
if [ "$n" -gt 0 ]; then pass "self-check: Sarif.Multitool finds $n errors in a broken log"; else fail "self-check: Sarif.Multitool finds no error in a broken log"; fi
# A contextRegion that is not around its region (SARIF1008), in a log otherwise valid.
node -e '
	const fs = require("fs");
	const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
	const at = log.runs[0].results[0].locations[0].physicalLocation;
	at.contextRegion = { startLine: at.region.startLine + 10, endLine: at.region.startLine + 11 };
	fs.writeFileSync(process.argv[2], JSON.stringify(log));
' "$scratch/base.sarif" "$scratch/broken-context.sarif"
n=$(multitool_errors "$scratch/broken-context.sarif")
if [ "$n" -gt 0 ]; then pass "self-check: Sarif.Multitool finds a contextRegion away from its region"; else fail "self-check: Sarif.Multitool accepts a contextRegion away from its region"; fi
cp "$scratch/broken.sarif" "$scratch/broken.json"
if node "$ajv_cli" validate --spec=draft2020 -c "$modules/ajv-formats" -s "$sarif_schema" -d "$scratch/broken.json" >/dev/null 2>&1; then
	fail "self-check: ajv accepts a broken log"
else
	pass "self-check: ajv rejects a broken log"
fi

# The corpus, as the first README command reports it.
"$bin" check --format sarif -o "$scratch/corpus.sarif" corpus 2>/dev/null
status=$?
if [ "$status" -eq 1 ]; then pass "corpus: exit status 1"; else fail "corpus: exit status $status, not 1"; fi
multitool corpus "$scratch/corpus.sarif"
ajv corpus.sarif "$sarif_schema" "$scratch/corpus.sarif"
# help: every rule carries its page from rules/docs (text and markdown) by
# default; with --sarif-help short, as the committed copy, each carries a
# shorter help (GitHub wants help on every rule), not its page.
help_pages() {
	node -e '
		const fs = require("fs");
		const rules = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).runs[0].tool.driver.rules;
		let full = 0, same = 0;
		for (const r of rules) {
			if (!r.help || !r.help.text || !r.help.markdown) continue;
			full++;
			const page = process.argv[2] + "/" + r.id + ".md";
			if (r.help.text && fs.existsSync(page) && fs.readFileSync(page, "utf8") === r.help.markdown) same++;
		}
		console.log(rules.length + " " + full + " " + same);
	' "$1" "$root/rules/docs"
}
read -r n full same <<<"$(help_pages "$scratch/corpus.sarif")"
if [ "$n" -gt 0 ] && [ "$full" -eq "$n" ] && [ "$same" -eq "$n" ]; then
	pass "corpus: the $n rules carry their rules/docs page as help"
else
	fail "corpus: of $n rules, $full carry help and $same their rules/docs page"
fi
read -r n full same <<<"$(help_pages "$root/reports/check.sarif")"
if [ "$n" -gt 0 ] && [ "$full" -eq "$n" ] && [ "$same" -eq 0 ]; then
	pass "committed: the $n rules carry short help (--sarif-help short)"
else
	fail "committed: of $n rules, $full carry help and $same their whole page"
fi
multitool committed "$root/reports/check.sarif"
ajv committed.sarif "$sarif_schema" "$root/reports/check.sarif"
"$bin" check --format json -o "$scratch/corpus.report.json" corpus 2>/dev/null
ajv corpus.report "$report_schema" "$scratch/corpus.report.json"
# Shard reports merged (entrycheck merge): the same validators accept the result.
for k in 1 2 3; do
	"$bin" check --shard $k/3 --format sarif -o "$scratch/shard$k.sarif" corpus 2>/dev/null
	"$bin" check --shard $k/3 --format json -o "$scratch/shard$k.report.json" corpus 2>/dev/null
done
"$bin" merge -o "$scratch/merged.sarif" "$scratch"/shard[123].sarif
multitool merged "$scratch/merged.sarif"
ajv merged.sarif "$sarif_schema" "$scratch/merged.sarif"
"$bin" merge -o "$scratch/merged.report.json" "$scratch"/shard[123].report.json
ajv merged.report "$report_schema" "$scratch/merged.report.json"

# Inputs that cannot be analyzed, and CP-1252 text inside a call that reaches
# the messages: executionSuccessful false, notifications, valid UTF-8.
mkdir -p "$scratch/src"
printf '%s\n' '#include <fltKernel.h>' '#include <ntstrsafe.h>' 'PFLT_FILTER gFilter;' 'char gName[8];' \
	'CONST FLT_REGISTRATION Reg = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };' \
	'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)' '{' \
	'    NTSTATUS status;' '    UNREFERENCED_PARAMETER(RegistryPath);' \
	'    RtlStringCchCopyA(gName, 4, "CAFE");' \
	'    status = FltRegisterFilter(DriverObject, &Reg, &gFilter);' \
	'    if (!NT_SUCCESS(status)) {' '        return status;' '    }' \
	'    status = FltStartFiltering(gFilter);' '    if (!NT_SUCCESS(status)) {' \
	'        return STATUS_SUCCESS;' '    }' '    return status;' '}' |
	sed "s/CAFE/caf$(printf '\351')/" >"$scratch/src/cp1252.c"
printf '#include <ntddk.h>\nNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n    int x = ;\n    return 0;\n}\n' \
	>"$scratch/src/broken.c"
printf '\000\001\002binary' >"$scratch/src/binary.c"
(cd "$scratch/src" && "$bin" check --format sarif --automation-id "entrycheck/test/" -o ../trouble.sarif . 2>/dev/null)
status=$?
if [ "$status" -eq 2 ]; then pass "trouble: exit status 2"; else fail "trouble: exit status $status, not 2"; fi
multitool trouble "$scratch/trouble.sarif"
ajv trouble.sarif "$sarif_schema" "$scratch/trouble.sarif"
if node -e '
	const run = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
	const inv = run.invocations[0];
	const ok = inv.executionSuccessful === false &&
		inv.toolExecutionNotifications.some(n => n.level === "error" && /binary/.test(n.message.text)) &&
		inv.toolExecutionNotifications.some(n => n.level === "error" && /DriverEntry cannot be analyzed/.test(n.message.text)) &&
		run.automationDetails.id === "entrycheck/test/" &&
		JSON.stringify(run.results).includes("caf\ufffd") &&
		run.results.some(r => r.ruleId === "FLT005" && r.fixes &&
			r.fixes[0].artifactChanges[0].replacements[0].insertedContent.text === "status");
	process.exit(ok ? 0 : 1);
' "$scratch/trouble.sarif"; then
	pass "trouble: notifications, executionSuccessful, U+FFFD, fix"
else
	fail "trouble: notifications, executionSuccessful, U+FFFD or fix missing"
fi
(cd "$scratch/src" && "$bin" check --format json -o ../trouble.report.json . 2>/dev/null)
ajv trouble.report "$report_schema" "$scratch/trouble.report.json"

# A driver two folders down in a git work tree, checked from its folder:
# every URI resolves against %SRCROOT%, the top of the work tree; results
# carry snippets and context; the tool its version; both validators agree.
mkdir -p "$scratch/repo/sub/dir"
git init -q "$scratch/repo" 2>/dev/null || mkdir "$scratch/repo/.git"
cp "$root/corpus/minifilter/bad/softfail.c" "$scratch/repo/sub/dir/drv.c"
(cd "$scratch/repo/sub/dir" && "$bin" check --format sarif -o "$scratch/subdir.sarif" . 2>/dev/null)
multitool subdir "$scratch/subdir.sarif"
ajv subdir.sarif "$sarif_schema" "$scratch/subdir.sarif"
if node -e '
	const fs = require("fs"), path = require("path"), url = require("url");
	const [file, repo, version] = process.argv.slice(1);
	const run = JSON.parse(fs.readFileSync(file, "utf8")).runs[0];
	const base = run.originalUriBaseIds["%SRCROOT%"].uri;
	let n = 0, bad = [];
	(function walk(o) {
		if (!o || typeof o !== "object") return;
		for (const [k, v] of Object.entries(o)) {
			if (k === "artifactLocation") {
				n++;
				const where = v.uriBaseId === "%SRCROOT%" ? url.fileURLToPath(new URL(v.uri, base)) : null;
				if (!where || !fs.existsSync(where)) bad.push(v.uri);
			} else walk(v);
		}
	})(run);
	const located = run.results.filter((r) => {
		const at = r.locations[0].physicalLocation;
		return at.artifactLocation.uri === "sub/dir/drv.c" && at.region.snippet && at.contextRegion &&
			at.contextRegion.snippet.text.includes(at.region.snippet.text);
	});
	const ok = base === url.pathToFileURL(repo).href + "/" && n > 0 && !bad.length && run.results.length > 0 &&
		located.length === run.results.length && run.tool.driver.version === version;
	if (!ok) console.error(`base ${base}, ${n} locations, unresolved ${bad}, ${located.length} of ${run.results.length} results`);
	process.exit(ok ? 0 : 1);
' "$scratch/subdir.sarif" "$(cd "$scratch/repo" && pwd -P)" "$("$bin" --version | sed -n '1s/^entrycheck //p')"; then
	pass "subdir: every URI resolves against the work tree's top; snippets, context, version"
else
	fail "subdir: URIs, snippets, context or version"
fi

# The gate's marks: an in-source suppression and a baseline, in a log both
# validators must still accept.
mkdir -p "$scratch/gate"
printf '%s\n' '#include <fltKernel.h>' 'DRIVER_INITIALIZE DriverEntry;' 'PFLT_FILTER gFilter;' \
	'CONST FLT_REGISTRATION Reg = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };' \
	'NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)' '{' \
	'    NTSTATUS status;' '    UNREFERENCED_PARAMETER(RegistryPath);' \
	'    status = FltRegisterFilter(DriverObject, &Reg, &gFilter);' \
	'    if (!NT_SUCCESS(status)) {' '        return status;' '    }' \
	'    status = FltStartFiltering(gFilter);' '    if (!NT_SUCCESS(status)) {' \
	'        // entrycheck-suppress FLT005: the filter manager unloads us anyway in this test' \
	'        return STATUS_SUCCESS;' '    }' '    return status;' '}' >"$scratch/gate/gate.c"
(cd "$scratch/gate" && "$bin" check --format json --fail-on none -o base.json gate.c 2>/dev/null)
(cd "$scratch/gate" && "$bin" check --format sarif --fail-on none --baseline base.json -o ../gate.sarif gate.c 2>/dev/null)
multitool gate "$scratch/gate.sarif"
ajv gate.sarif "$sarif_schema" "$scratch/gate.sarif"
if node -e '
	const results = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results;
	const ok = results.length > 0 && results.every(r => r.baselineState === "unchanged") &&
		results.some(r => r.ruleId === "FLT005" && r.suppressions && r.suppressions[0].kind === "inSource");
	process.exit(ok ? 0 : 1);
' "$scratch/gate.sarif"; then
	pass "gate: suppressions and baselineState"
else
	fail "gate: suppressions or baselineState missing"
fi

finish
