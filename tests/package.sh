#!/usr/bin/env bash
# The .deb as Debian tools see it: cpack builds it from the build tree into a
# scratch directory; its Maintainer is the one CMake names (ENTRYCHECK_MAINTAINER),
# its version the project's; it holds a DEP-5 copyright, a Debian changelog and
# the manual page, both compressed with gzip -9n; and lintian reports no error
# and no warning. lintian must also reject a copy whose Maintainer is on
# localhost, so a lintian that checks nothing cannot pass.
#   tests/package.sh BUILD-DIR SOURCE-ROOT MAINTAINER VERSION
# Exit 77 (skipped) without cpack, dpkg-deb or lintian, unless CI is set.
# Accepted: lintian's informational tags (I:, shown with -I) are not failures:
# package-contains-documentation-outside-usr-share-doc for share/entrycheck/rules/docs
# (the pages `entrycheck explain` prints, read at run time), hardening-no-bindnow and
# hardening-no-fortify-functions (the build flags are CMake's own).
. "$(dirname "$0")/lib.sh"
build=$(cd "$1" && pwd)
use_root "$2"
maintainer=$3
version=$4
for tool in cpack dpkg-deb dpkg-parsechangelog lintian; do
	command -v "$tool" >/dev/null 2>&1 || skip_outside_ci "$tool" "apt-get install lintian dpkg-dev; .ci/setup.sh does"
done

(cd "$scratch" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out") >"$scratch/cpack.log" 2>&1 ||
	{ cat "$scratch/cpack.log" >&2; exit 1; }
deb=$(find "$scratch/out" -maxdepth 1 -name '*.deb')
[ "$(printf '%s\n' "$deb" | grep -c .)" = 1 ] || die "cpack wrote '$deb', not one .deb"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Maintainer)" = "$maintainer" ] || fail "Maintainer is '$(field Maintainer)', not ENTRYCHECK_MAINTAINER '$maintainer'"
case $(field Maintainer) in *localhost*|*example*) fail "Maintainer '$(field Maintainer)' is no real address" ;; esac
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not the project's $version"

dpkg-deb -x "$deb" "$scratch/root"
doc=$scratch/root/usr/share/doc/entrycheck
[ -e "$scratch/root/usr/share/man/man1/entrycheck.1" ] && fail "the manual page is shipped uncompressed"

# gzip -9n: no file name (FLG 0), no time stamp (MTIME 0), best compression (XFL 2).
gzip_9n() {
	local header
	header=$(od -An -tu1 -N9 "$1" | tr -s ' ' | sed 's/^ //')
	gzip -t "$1" 2>/dev/null || { fail "${1#"$scratch"/root/}: not gzip"; return; }
	case $header in
	"31 139 8 0 0 0 0 0 2") ;;
	*) fail "${1#"$scratch"/root/}: not compressed with gzip -9n (header $header)" ;;
	esac
}
page=$scratch/root/usr/share/man/man1/entrycheck.1.gz
if [ -f "$page" ]; then
	gzip_9n "$page"
	gzip -dc "$page" | cmp -s - "$root/docs/entrycheck.1" || fail "entrycheck.1.gz is not docs/entrycheck.1"
else
	fail "no usr/share/man/man1/entrycheck.1.gz"
fi

if [ -f "$doc/changelog.gz" ]; then
	gzip_9n "$doc/changelog.gz"
	gzip -dc "$doc/changelog.gz" >"$scratch/changelog"
	[ "$(dpkg-parsechangelog -l "$scratch/changelog" -S Version)" = "$version" ] ||
		fail "the changelog's newest entry is not version $version: $(head -n 1 "$scratch/changelog")"
	[ "$(dpkg-parsechangelog -l "$scratch/changelog" -S Maintainer)" = "$maintainer" ] ||
		fail "the changelog's newest entry is not signed by '$maintainer'"
else
	fail "no usr/share/doc/entrycheck/changelog.gz"
fi

# DEP-5: the format line, then a Files: * paragraph with a License that a stand-alone License
# paragraph spells out.
if [ -f "$doc/copyright" ]; then
	head -n 1 "$doc/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
		fail "copyright: the first line is not DEP-5's Format: $(head -n 1 "$doc/copyright")"
	awk -v RS= '/(^|\n)Files: \*\n/ && /\nCopyright: [^\n]+/ && /\nLicense: Apache-2\.0\n?$/ { f = 1 }
	            /^License: Apache-2\.0\n / { l = 1 } END { exit !(f && l) }' "$doc/copyright" ||
		fail "copyright: no 'Files: *' paragraph with Copyright and License: Apache-2.0, or no License paragraph"
	grep -qx "Upstream-Contact: $maintainer" "$doc/copyright" || fail "copyright: Upstream-Contact is not '$maintainer'"
	head -n 3 "$root/LICENSE" | grep -q 'Apache License' || fail "LICENSE is not the Apache License"
else
	fail "no usr/share/doc/entrycheck/copyright"
fi

lintian_run() { # lintian's tags for $1 in $scratch/lintian.log; its exit status
	lintian --fail-on error,warning "$1" >"$scratch/lintian.log" 2>"$scratch/lintian.err"
}
if ! lintian_run "$deb" || grep -q '^[EW]: ' "$scratch/lintian.log"; then
	fail "lintian: $(cat "$scratch/lintian.log" "$scratch/lintian.err")"
fi
# A copy with the old Maintainer: lintian must say so.
dpkg-deb -R "$deb" "$scratch/repack"
sed -i 's/^Maintainer: .*/Maintainer: entrycheck maintainers <entrycheck@localhost>/' "$scratch/repack/DEBIAN/control"
dpkg-deb --root-owner-group -b "$scratch/repack" "$scratch/bad.deb" >/dev/null
lintian_run "$scratch/bad.deb" && fail "lintian passed a package whose Maintainer is on localhost"
grep -q '^E: .*bogus-mail-host' "$scratch/lintian.log" || fail "lintian did not report bogus-mail-host: $(cat "$scratch/lintian.log")"

finish "package: $(basename "$deb"), 0 failed"
