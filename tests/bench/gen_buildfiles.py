#!/usr/bin/env python3
"""Writes hostile build trees into the current folder, beside a driver source
the caller puts there as drv.c (tests/badinput/table.txt, tests/bench):
  gen_buildfiles.py includes         d0/h0.h, d1/h1.h, d2/h2.h, each including the two
                                     others as "../dK/hK.h", and drv.c's include of d0/h0.h
  gen_buildfiles.py vcxproj N        drv.vcxproj whose property P doubles N times: $(P)$(P)
  gen_buildfiles.py sources N        a WDK 7 sources file doing the same
  gen_buildfiles.py links            links l1 and l2 to the folder, and a.props importing
                                     l1/a.props and l2/a.props, imported by drv.vcxproj
  gen_buildfiles.py items N          drv.vcxproj listing N ClCompile items (drv.c among them),
                                     the others in a folder src\\ that does not exist
  gen_buildfiles.py imports N        the same items in files of 50,000 each that drv.vcxproj imports
                                     (items0.props...): one file of 250,000 is over 8 MiB
  gen_buildfiles.py present N        the same, each item an empty file src/fI.c on disk
  gen_buildfiles.py anycase N        the same files, each item spelled in capitals (SRC\\FI.C)
  gen_buildfiles.py properties N     drv.vcxproj setting N properties P0... and defining FIRST=$(p0)
                                     and LAST=$(PN-1) with them
  gen_buildfiles.py twice N          N items in a folder src\\, listed again with the odd ones
                                     ExcludedFromBuild: N/2 files and drv.c are compiled
  gen_buildfiles.py configurations N drv.vcxproj declaring N configurations C0|x64... (no Release)
  gen_buildfiles.py definitions N    N items of one item definition naming include folders inc0...inc9
                                     (made) and nosuch, and defines D0...D9
  gen_buildfiles.py concat N         drv.vcxproj whose property of 60,000 characters a property
                                     function concatenates N times: $([System.String]::Concat(...))"""
import os
import sys

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n'
        '  <PropertyGroup Label="Configuration">\n'
        '    <ConfigurationType>Driver</ConfigurationType>\n  </PropertyGroup>\n')


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def includes(_):
    for k in range(3):
        os.makedirs(f"d{k}", exist_ok=True)
        others = [j for j in range(3) if j != k]
        write(f"d{k}/h{k}.h", "#pragma once\n" + "".join(f'#include "../d{j}/h{j}.h"\n' for j in others) +
              f"#define H{k} 1\n")
    with open("drv.c") as f:
        body = f.read()
    write("drv.c", '#include "d0/h0.h"\n' + body)


def vcxproj(n):
    props = "".join(f"    <P>$(P)$(P)</P>\n" for _ in range(n))
    write("drv.vcxproj", HEAD + "  <PropertyGroup>\n    <P>x</P>\n" + props + "  </PropertyGroup>\n"
          "  <ItemDefinitionGroup>\n    <ClCompile>\n"
          "      <PreprocessorDefinitions>BIG=$(P);%(PreprocessorDefinitions)</PreprocessorDefinitions>\n"
          "    </ClCompile>\n  </ItemDefinitionGroup>\n"
          '  <ItemGroup>\n    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


def sources(n):
    lines = ["TARGETNAME=drv\n", "TARGETTYPE=DRIVER\n", "P=x\n"]
    lines += ["P=$(P)$(P)\n"] * n
    lines += ["C_DEFINES=-DBIG=$(P)\n", "SOURCES=drv.c\n"]
    write("sources", "".join(lines))


def links(_):
    for name in ("l1", "l2"):
        if not os.path.lexists(name):
            os.symlink(".", name)
    write("a.props", '<?xml version="1.0" encoding="utf-8"?>\n'
          '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n'
          '  <Import Project="l1/a.props" />\n  <Import Project="l2/a.props" />\n'
          '  <PropertyGroup>\n    <Depth>$(Depth)x</Depth>\n  </PropertyGroup>\n</Project>\n')
    write("drv.vcxproj", HEAD + '  <Import Project="a.props" />\n'
          '  <ItemGroup>\n    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


def items(n):
    body = "".join(f'    <ClCompile Include="src\\f{i}.c" />\n' for i in range(n - 1))
    write("drv.vcxproj", HEAD + "  <ItemGroup>\n" + body + '    <ClCompile Include="drv.c" />\n'
          "  </ItemGroup>\n</Project>\n")


def imports(n):
    files = []
    for k, start in enumerate(range(0, n - 1, 50000)):
        body = "".join(f'    <ClCompile Include="src\\f{i}.c" />\n' for i in range(start, min(n - 1, start + 50000)))
        write(f"items{k}.props", '<?xml version="1.0" encoding="utf-8"?>\n'
              '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n'
              "  <ItemGroup>\n" + body + "  </ItemGroup>\n</Project>\n")
        files.append(f'  <Import Project="items{k}.props" />\n')
    write("drv.vcxproj", HEAD + "".join(files) + '  <ItemGroup>\n    <ClCompile Include="drv.c" />\n'
          "  </ItemGroup>\n</Project>\n")


def present(n, spell=lambda name: name):
    os.makedirs("src", exist_ok=True)
    for i in range(n - 1):
        write(f"src/f{i}.c", "")
    names = (spell("src\\f%d.c" % i) for i in range(n - 1))
    body = "".join(f'    <ClCompile Include="{name}" />\n' for name in names)
    write("drv.vcxproj", HEAD + "  <ItemGroup>\n" + body + '    <ClCompile Include="drv.c" />\n'
          "  </ItemGroup>\n</Project>\n")


def anycase(n):
    present(n, str.upper)


def properties(n):
    props = "".join(f"    <P{i}>v{i}</P{i}>\n" for i in range(n))
    write("drv.vcxproj", HEAD + "  <PropertyGroup>\n" + props + "  </PropertyGroup>\n"
          "  <ItemDefinitionGroup>\n    <ClCompile>\n"
          f"      <PreprocessorDefinitions>FIRST=$(p0);LAST=$(P{n - 1})</PreprocessorDefinitions>\n"
          "    </ClCompile>\n  </ItemDefinitionGroup>\n"
          '  <ItemGroup>\n    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


def twice(n):
    first = "".join(f'    <ClCompile Include="src\\f{i}.c" />\n' for i in range(n))
    again = "".join(f'    <ClCompile Include="src\\f{i}.c" />\n' if i % 2 == 0 else
                    f'    <ClCompile Include="src\\f{i}.c"><ExcludedFromBuild>true</ExcludedFromBuild></ClCompile>\n'
                    for i in range(n))
    write("drv.vcxproj", HEAD + "  <ItemGroup>\n" + first + "  </ItemGroup>\n  <ItemGroup>\n" + again +
          '    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


def configurations(n):
    body = "".join(f'    <ProjectConfiguration Include="C{i}|x64" />\n' for i in range(n))
    write("drv.vcxproj", HEAD + '  <ItemGroup Label="ProjectConfigurations">\n' + body + "  </ItemGroup>\n"
          '  <ItemGroup>\n    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


def definitions(n):
    for k in range(10):
        os.makedirs(f"inc{k}", exist_ok=True)
    dirs = ";".join(f"inc{k}" for k in range(10)) + ";nosuch"
    defines = ";".join(f"D{k}=1" for k in range(10))
    body = "".join(f'    <ClCompile Include="src\\f{i}.c" />\n' for i in range(n - 1))
    write("drv.vcxproj", HEAD + "  <ItemDefinitionGroup>\n    <ClCompile>\n"
          f"      <AdditionalIncludeDirectories>{dirs};%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>\n"
          f"      <PreprocessorDefinitions>{defines};%(PreprocessorDefinitions)</PreprocessorDefinitions>\n"
          "    </ClCompile>\n  </ItemDefinitionGroup>\n  <ItemGroup>\n" + body +
          '    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


def concat(n):
    args = ",".join(["$(Big)"] * n)
    write("drv.vcxproj", HEAD + "  <PropertyGroup>\n    <Big>" + "A" * 60000 + "</Big>\n"
          f"    <Huge>$([System.String]::Concat({args}))</Huge>\n  </PropertyGroup>\n"
          '  <ItemGroup>\n    <ClCompile Include="drv.c" />\n  </ItemGroup>\n</Project>\n')


if __name__ == "__main__":
    shapes = {"includes": includes, "vcxproj": vcxproj, "sources": sources, "links": links,
              "items": items, "imports": imports, "present": present, "anycase": anycase,
              "properties": properties, "twice": twice, "configurations": configurations,
              "definitions": definitions, "concat": concat}
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in shapes:
        sys.exit(__doc__)
    shapes[sys.argv[1]](int(sys.argv[2]) if len(sys.argv) == 3 else 0)
