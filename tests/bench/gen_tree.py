#!/usr/bin/env python3
"""Generates a synthetic Windows driver tree for tests/bench/tree.sh.

    gen_tree.py FILES OUTDIR [--seed N] [--vcxproj]

FILES source files (.c) in projects of about eight files, one directory each:
about 12% of the files hold a DriverEntry (one per project; WDM, KMDF and
minifilter in turn, with some common mistakes so that rules fire), two or
three files per project define the helpers DriverEntry calls (and, for a
minifilter, the FLT_REGISTRATION it passes), the rest are dispatch routines
and utilities no DriverEntry reaches. Each project has three headers of its
own; with --vcxproj also a minimal .vcxproj naming its sources. The output is
the same for the same arguments (it depends on --seed only)."""
import argparse
import os
import random

MODELS = ("wdm", "kmdf", "minifilter")
PROJECT_FILES = 8  # so that 1 file in 8 (12.5%) holds a DriverEntry


def header_files(name, model):
    guard = name.upper()
    system = {"wdm": "#include <ntddk.h>\n",
              "kmdf": "#include <ntddk.h>\n#include <wdf.h>\n",
              "minifilter": "#include <fltKernel.h>\n"}[model]
    types = (f"#pragma once\n{system}\n"
             f"#define {guard}_TAG '{name[:4].ljust(4, 'x')}'\n"
             f"typedef struct _{guard}_CONTEXT {{\n    ULONG Count;\n    LONG Flags;\n"
             f"    UNICODE_STRING Name;\n}} {guard}_CONTEXT, *P{guard}_CONTEXT;\n")
    trace = (f"#pragma once\n#define {guard}_TRACE(msg) "
             f"DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, \"{name}: %s\\n\", msg)\n")
    return types, trace


def prototypes(name, model, helpers, others):
    guard = name.upper()
    lines = ["#pragma once", f'#include "{name}_types.h"', f'#include "{name}_trace.h"', ""]
    for h in helpers:
        if model == "kmdf" and h.endswith("DeviceAdd"):
            lines.append(f"EVT_WDF_DRIVER_DEVICE_ADD {h};")
        else:
            lines.append(f"NTSTATUS {h}(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);")
    for o in others:
        lines.append(f"ULONG {o}(_In_ P{guard}_CONTEXT Context, _In_ ULONG Value);")
    if model == "wdm":
        lines.append("DRIVER_DISPATCH " + name + "Dispatch;")
        lines.append("DRIVER_UNLOAD " + name + "Unload;")
    if model == "minifilter":
        lines.append(f"extern PFLT_FILTER {name}Filter;")
        lines.append(f"extern CONST FLT_REGISTRATION {name}Registration;")
    return "\n".join(lines) + "\n"


def entry_file(name, model, helpers, rng):
    guard = name.upper()
    out = [f'#include "{name}.h"', "", "DRIVER_INITIALIZE DriverEntry;", "",
           "NTSTATUS", "DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)",
           "{", "    NTSTATUS status;", ""]
    calls = [h for h in helpers if not h.endswith("DeviceAdd")]
    if model == "wdm":
        out += [f"    DriverObject->DriverUnload = {name}Unload;",
                "    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {",
                f"        DriverObject->MajorFunction[i] = {name}Dispatch;", "    }"]
        for h in calls:
            out += [f"    status = {h}(DriverObject, RegistryPath);",
                    "    if (!NT_SUCCESS(status)) {", "        return status;", "    }"]
        out += ["    return STATUS_SUCCESS;"]
    elif model == "kmdf":
        add = [h for h in helpers if h.endswith("DeviceAdd")][0]
        out += ["    WDF_DRIVER_CONFIG config;", ""]
        for h in calls:
            out += [f"    status = {h}(DriverObject, RegistryPath);",
                    "    if (!NT_SUCCESS(status)) {", "        return status;", "    }"]
        out += [f"    WDF_DRIVER_CONFIG_INIT(&config, {add});",
                "    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,",
                "                             WDF_NO_HANDLE);"]
        if rng.random() < 0.3:  # the status is lost: a finding
            out += ["    return STATUS_SUCCESS;"]
        else:
            out += ["    return status;"]
    else:
        for h in calls:
            out += [f"    status = {h}(DriverObject, RegistryPath);",
                    "    if (!NT_SUCCESS(status)) {", "        return status;", "    }"]
        out += [f"    status = FltRegisterFilter(DriverObject, &{name}Registration, &{name}Filter);",
                "    if (!NT_SUCCESS(status)) {", "        return status;", "    }",
                f"    status = FltStartFiltering({name}Filter);"]
        if rng.random() < 0.7:
            out += ["    if (!NT_SUCCESS(status)) {", f"        FltUnregisterFilter({name}Filter);",
                    "    }"]
        out += ["    return status;"]
    out += ["}", ""]
    if model == "wdm":
        out += ["VOID", f"{name}Unload(_In_ PDRIVER_OBJECT DriverObject)", "{",
                "    UNREFERENCED_PARAMETER(DriverObject);", f"    {guard}_TRACE(\"unload\");", "}", ""]
    return "\n".join(out)


def helper_file(name, model, helper, k, rng):
    guard = name.upper()
    out = [f'#include "{name}.h"', ""]
    if model == "minifilter" and k == 0:
        out += [f"PFLT_FILTER {name}Filter;", "",
                f"NTSTATUS FLTAPI {name}FilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)", "{",
                "    UNREFERENCED_PARAMETER(Flags);", f"    FltUnregisterFilter({name}Filter);",
                "    return STATUS_SUCCESS;", "}", "",
                f"CONST FLT_REGISTRATION {name}Registration = {{",
                "    sizeof(FLT_REGISTRATION),", "    FLT_REGISTRATION_VERSION,", "    0,", "    NULL,",
                "    NULL,", f"    {name}FilterUnload,", "};", ""]
    if helper.endswith("DeviceAdd"):
        out += ["NTSTATUS", f"{helper}(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)", "{",
                "    WDFDEVICE device;", "    UNREFERENCED_PARAMETER(Driver);",
                "    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);", "}", ""]
        return "\n".join(out)
    out += ["NTSTATUS", f"{helper}(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)", "{"]
    if model == "wdm" and k == 0:
        out += ["    PDEVICE_OBJECT device = NULL;", "    UNICODE_STRING devName;",
                "    UNREFERENCED_PARAMETER(RegistryPath);",
                f"    RtlInitUnicodeString(&devName, L\"\\\\Device\\\\{name}\");",
                "    return IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);"]
    else:
        n = rng.randint(2, 6)
        out += [f"    {guard}_CONTEXT ctx;", "    UNREFERENCED_PARAMETER(DriverObject);",
                "    RtlZeroMemory(&ctx, sizeof(ctx));", "    if (RegistryPath == NULL || RegistryPath->Length == 0) {",
                "        return STATUS_INVALID_PARAMETER;", "    }"]
        for i in range(n):
            out += [f"    ctx.Count += {rng.randint(1, 9)};", f"    if (ctx.Count > {rng.randint(10, 90)}) {{",
                    f"        {guard}_TRACE(\"{helper} step {i}\");", "    }"]
        out += ["    return STATUS_SUCCESS;"]
    out += ["}", ""]
    return "\n".join(out)


def other_file(name, model, funcs, rng, dispatch):
    guard = name.upper()
    out = [f'#include "{name}.h"', ""]
    if model == "wdm" and dispatch:
        out += ["NTSTATUS", f"{name}Dispatch(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)", "{",
                "    UNREFERENCED_PARAMETER(DeviceObject);", "    Irp->IoStatus.Status = STATUS_SUCCESS;",
                "    Irp->IoStatus.Information = 0;", "    IoCompleteRequest(Irp, IO_NO_INCREMENT);",
                "    return STATUS_SUCCESS;", "}", ""]
    for f in funcs:
        out += ["ULONG", f"{f}(_In_ P{guard}_CONTEXT Context, _In_ ULONG Value)", "{",
                "    ULONG total = 0;", f"    for (ULONG i = 0; i < Value && i < {rng.randint(8, 64)}; i++) {{",
                "        total += Context->Count * i;", f"        if ((total & {rng.randint(1, 255)}) == 0) {{",
                "            Context->Flags |= 1;", "        }", "    }",
                "    switch (Value % 4) {", "    case 0: total ^= 0x5a; break;", "    case 1: total += 3; break;",
                "    default: break;", "    }", "    return total;", "}", ""]
    return "\n".join(out)


def vcxproj(name, model, sources):
    driver_type = {"wdm": "WDM", "kmdf": "KMDF", "minifilter": "WDM"}[model]
    items = "\n".join(f'    <ClCompile Include="{s}" />' for s in sources)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" ToolsVersion="12.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup Label="Configuration">
    <ConfigurationType>Driver</ConfigurationType>
    <DriverType>{driver_type}</DriverType>
  </PropertyGroup>
  <ItemGroup>
{items}
  </ItemGroup>
</Project>
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--vcxproj", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nprojects = max(1, round(args.files / PROJECT_FILES))
    base, extra = divmod(args.files, nprojects)
    written = 0
    for p in range(nprojects):
        count = base + (1 if p < extra else 0)
        model = MODELS[p % len(MODELS)]
        name = f"drv{p:05d}"
        group = f"group{p // 50:03d}"  # no more than 50 projects a directory
        d = os.path.join(args.outdir, group, name)
        os.makedirs(d, exist_ok=True)
        nhelpers = min(count - 1, rng.choice((2, 3)))
        helpers = [f"{name.capitalize()}Init{k}" for k in range(nhelpers)]
        if model == "kmdf" and helpers:
            helpers[-1] = f"{name.capitalize()}DeviceAdd"
        nothers = count - 1 - nhelpers
        others = [[f"{name.capitalize()}Util{k}_{j}" for j in range(rng.randint(2, 5))] for k in range(nothers)]
        types, trace = header_files(name, model)
        files = {f"{name}_types.h": types, f"{name}_trace.h": trace,
                 f"{name}.h": prototypes(name, model, helpers, [f for fs in others for f in fs]),
                 "driver.c": entry_file(name, model, helpers, rng)}
        for k, h in enumerate(helpers):
            files[f"init{k}.c"] = helper_file(name, model, h, k, rng)
        for k, fs in enumerate(others):
            files[f"util{k}.c"] = other_file(name, model, fs, rng, k == 0)
        sources = sorted(f for f in files if f.endswith(".c"))
        if args.vcxproj:
            files[f"{name}.vcxproj"] = vcxproj(name, model, sources)
        for fname, text in files.items():
            with open(os.path.join(d, fname), "w", newline="\n") as f:
                f.write(text)
        written += len(sources)
    print(f"{written} source files in {nprojects} projects under {args.outdir}")


if __name__ == "__main__":
    main()
