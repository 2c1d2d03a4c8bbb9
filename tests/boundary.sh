#!/usr/bin/env bash
# The tree is the boundary of what build files pull in (issue 40): an Import,
# the nearest Directory.Build.props or a forced include outside the tree (the
# git root holding the project, else the folder named) is skipped with a warning
# naming the project and the import, and no text of it reaches any report;
# --allow-outside-imports DIR lets a folder in.
# An Exists() condition on a path outside the tree is false, without a look there.
#   tests/boundary.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
cd "$scratch" || exit 2

mkdir -p shared repo/drv
cat >shared/outside.props <<'XML'
<Project>
  <PropertyGroup><SecretText>LEAKED_SECRET_TOKEN</SecretText></PropertyGroup>
  <ItemDefinitionGroup><ClCompile>
    <PreprocessorDefinitions>OUTSIDE_SECRET=LEAKED_SECRET_TOKEN;%(PreprocessorDefinitions)</PreprocessorDefinitions>
  </ClCompile></ItemDefinitionGroup>
</Project>
XML
# An outside file whose text, parsed as C, would show in clang's messages.
printf 'LEAKED_SECRET_TOKEN here;\n' >shared/forced.h
cp shared/outside.props Directory.Build.props
cp "$root/corpus/other/procaudit.c" repo/drv/drv.c
ln -s ../../shared/outside.props repo/drv/linked.props
cat >repo/drv/drv.vcxproj <<'XML'
<Project>
  <ItemGroup><ProjectConfiguration Include="Release|x64"><Configuration>Release</Configuration><Platform>x64</Platform></ProjectConfiguration></ItemGroup>
  <Import Project="../../shared/outside.props" />
  <Import Project="/etc/hostname" />
  <Import Project="linked.props" />
  <PropertyGroup><DriverType>WDM</DriverType></PropertyGroup>
  <PropertyGroup Condition="Exists('../../shared/outside.props')"><Probe>OUTSIDE_EXISTS</Probe></PropertyGroup>
  <PropertyGroup Condition="Exists('/etc/hostname')"><Probe2>ABSOLUTE_EXISTS</Probe2></PropertyGroup>
  <PropertyGroup Condition="Exists('drv.c')"><Probe3>INSIDE_EXISTS</Probe3></PropertyGroup>
  <ItemDefinitionGroup><ClCompile>
    <PreprocessorDefinitions>P=$(SecretText);Q=$(Probe)$(Probe2)$(Probe3);%(PreprocessorDefinitions)</PreprocessorDefinitions>
    <ForcedIncludeFiles>../../shared/forced.h</ForcedIncludeFiles>
  </ClCompile></ItemDefinitionGroup>
  <ItemGroup><ClCompile Include="drv.c" /></ItemGroup>
</Project>
XML

# Not in git: the folder named (repo) is the tree; Directory.Build.props above it is outside too.
for format in text json sarif; do
	timeout 60 "$bin" check --no-cache --format $format repo >out.$format 2>err.$format
	rc=$?
	[ $rc -eq 1 ] || fail "check --format $format exited $rc, want 1 (the corpus finding): $(cat err.$format)"
	if grep -q LEAKED_SECRET_TOKEN out.$format err.$format; then
		fail "--format $format: text of a file outside the tree reached the output"
	fi
	grep -qF "repo/drv/drv.vcxproj: warning: import outside the tree '$scratch/repo', skipped: ../../shared/outside.props" err.$format ||
		fail "--format $format: no note for the relative import above the root: $(cat err.$format)"
done
grep -qF "import outside the tree '$scratch/repo', skipped: /etc/hostname" err.text ||
	fail "no note for the absolute import"
grep -qF "skipped: linked.props" err.text || fail "no note for a link in the tree to a file outside"
grep -qF "warning: forced include outside the tree '$scratch/repo', skipped: ../../shared/forced.h" err.text ||
	fail "no note for the outside forced include: $(cat err.text)"
grep -qF "warning: Directory.Build.props outside the tree" err.text ||
	fail "no note for a Directory.Build.props above the tree: $(cat err.text)"
grep -q "import outside the tree" out.json || fail "the notes are not in the JSON report's problems"

# Exists() of a path outside the tree is false, answered from its spelling: nothing there is
# looked at (a condition would otherwise tell what lies above the checkout).
timeout 60 "$bin" projects repo >exists.out 2>exists.err || fail "projects exited $?: $(cat exists.err)"
grep -q "Q=INSIDE_EXISTS" exists.out || fail "Exists() outside the tree was true, or inside it false: $(grep Q= exists.out)"

# --allow-outside-imports names the folder: its files are read, others still not.
timeout 60 "$bin" projects --allow-outside-imports shared repo >allowed.out 2>allowed.err ||
	fail "projects --allow-outside-imports exited $?"
grep -q "Q=OUTSIDE_EXISTSINSIDE_EXISTS" allowed.out || fail "Exists() in an allowed folder was false: $(grep Q= allowed.out)"
grep -q "OUTSIDE_SECRET=LEAKED_SECRET_TOKEN" allowed.out || fail "the allowed folder's import was not read: $(cat allowed.out)"
grep -qF "skipped: /etc/hostname" allowed.err || fail "an import outside the allowed folder was read"
timeout 60 "$bin" projects --allow-outside-imports nosuch repo >/dev/null 2>bad.err
[ $? -eq 2 ] || fail "--allow-outside-imports with no such folder should exit 2"
grep -q "wants an existing folder, not 'nosuch'" bad.err || fail "bad folder message: $(cat bad.err)"

# In git, the git root is the tree, whatever folder is named: repo/../shared is still outside,
# a props file beside the root's .git is inside.
mkdir repo/.git
cp shared/outside.props repo/inside.props
sed -i 's|<Import Project="/etc/hostname" />|<Import Project="../inside.props" />|' repo/drv/drv.vcxproj
timeout 60 "$bin" projects repo/drv >git.out 2>git.err || fail "projects in git exited $?"
grep -qF "import outside the tree '$scratch/repo', skipped: ../../shared/outside.props" git.err ||
	fail "in git: no note for the import above the git root: $(cat git.err)"
grep -q "OUTSIDE_SECRET=LEAKED_SECRET_TOKEN" git.out || fail "in git: an import inside the git root was not read"

finish "boundary checks passed"
