#!/usr/bin/env python3
"""Generates DriverEntry routines of a given size for the scaling benchmark
(tests/bench/hostile.sh) and the hostile-shape tests:
  gen_hostile.py checks N      N sequential status checks
  gen_hostile.py allocs N      N allocations released by a cleanup chain of gotos
  gen_hostile.py elseif N      an else-if chain N long
  gen_hostile.py gotos N       N labels with gotos jumping back and forth
  gen_hostile.py quiet N       a helper that tests N board flags, none of which any rule judges
  gen_hostile.py guarded N     N allocations failing to one label that frees each under `if (pI)`
  gen_hostile.py devices N     N device objects, each deleted when its own creation fails
  gen_hostile.py unchecked N   N symbolic links in straight-line code, no status checked
  gen_hostile.py nots N        a condition of N logical negations: if (!!...!x)
  gen_hostile.py macros N      a macro that doubles itself through N nested definitions
  gen_hostile.py sums N        a macro of N nested definitions expanding to x + x + ... (2^N terms)
  gen_hostile.py rounds N      a macro of N nested definitions expanding to 2^N short statements
                               (the shape of unrolled rounds: many operators, few in each)
  gen_hostile.py chain N       x + x + ... + x written out, N terms
  gen_hostile.py assigns N     y = x = x = ... = x, N stores nested to the right
  gen_hostile.py ternaries N   x ? 1 : x ? 1 : ... : 2, N conditionals nested to the right
  gen_hostile.py loopdevs N    devices made in a loop (a global passed by address), then N
                               registrations whose failures all unwind through one cleanup
  gen_hostile.py stages N      an unload routine that switches over N stages of a global
Writes the C source to standard output."""
import sys

HEAD = "#include <ntddk.h>\nDRIVER_INITIALIZE DriverEntry;\n"


def quiet(n):
    # The helper's branches multiply the paths; DriverEntry reads what they leave behind.
    out = [HEAD, "DRIVER_UNLOAD TuneUnload;\nstatic ULONG gTune;\nBOOLEAN BoardFlag(ULONG Bit);\n",
           "VOID TuneUnload(PDRIVER_OBJECT DriverObject)\n{\n    UNREFERENCED_PARAMETER(DriverObject);\n}\n",
           "static VOID TuneFromBoard(VOID)\n{\n"]
    for i in range(n):
        out.append(f"    if (BoardFlag({i}))\n        gTune |= 1u << {i % 32};\n"
                   f"    else\n        gTune &= ~(1u << {i % 32});\n")
    out.append("}\nNTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
               "    UNREFERENCED_PARAMETER(RegistryPath);\n    DriverObject->DriverUnload = TuneUnload;\n"
               "    TuneFromBoard();\n    if (gTune & 1)\n        return STATUS_DEVICE_CONFIGURATION_ERROR;\n"
               "    return STATUS_SUCCESS;\n}\n")
    return "".join(out)


def checks(n):
    # Each check is of a call the rules follow (a symbolic link needs undoing on failure).
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    NTSTATUS status;\n    UNICODE_STRING name, link;\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n",
           "    RtlInitUnicodeString(&name, L\"\\\\Device\\\\Bench\");\n",
           "    RtlInitUnicodeString(&link, L\"\\\\DosDevices\\\\Bench\");\n"]
    for i in range(n):
        out.append(f"    status = IoCreateSymbolicLink(&link, RegistryPath);\n"
                   f"    if (!NT_SUCCESS(status))\n        return status;\n")
    out.append("    return STATUS_SUCCESS;\n}\n")
    return "".join(out)


def allocs(n):
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n    UNREFERENCED_PARAMETER(RegistryPath);\n"]
    for i in range(n):
        out.append(f"    PVOID p{i};\n")
    for i in range(n):
        out.append(f"    p{i} = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'tseT');\n"
                   f"    if (p{i} == NULL)\n        goto fail{i};\n")
    out.append("    return STATUS_SUCCESS;\n")
    # fail{i} frees what was allocated before p{i}, newest first.
    for i in range(n - 1, 0, -1):
        out.append(f"fail{i}:\n    ExFreePoolWithTag(p{i - 1}, 'tseT');\n")
    out.append("fail0:\n    return status;\n}\n")
    return "".join(out)


def elseif(n):
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    ULONG v = RegistryPath->Length;\n    NTSTATUS status = STATUS_SUCCESS;\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n    if (v == 0) status = STATUS_SUCCESS;\n"]
    for i in range(1, n):
        out.append(f"    else if (v == {i}) status = STATUS_SUCCESS;\n")
    out.append("    return status;\n}\n")
    return "".join(out)


def gotos(n):
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    ULONG v = RegistryPath->Length;\n    NTSTATUS status = STATUS_SUCCESS;\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n"]
    for i in range(n):
        out.append(f"L{i}:\n    v = v * 3 + {i};\n    if (v & {1 << (i % 16)}) goto L{(i * 7 + 3) % n};\n"
                   f"    if (v > {1000 + i}) goto L{(i + n // 2) % n};\n")
    out.append("    return status;\n}\n")
    return "".join(out)


def guarded(n):
    # Table-driven init: one failure label, every release guarded by its pointer.
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    NTSTATUS status = STATUS_SUCCESS;\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n    UNREFERENCED_PARAMETER(RegistryPath);\n"]
    for i in range(n):
        out.append(f"    PVOID p{i} = NULL;\n")
    for i in range(n):
        out.append(f"    p{i} = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'tseT');\n"
                   f"    if (p{i} == NULL) {{\n        status = STATUS_INSUFFICIENT_RESOURCES;\n        goto fail;\n    }}\n")
    out.append("    return STATUS_SUCCESS;\nfail:\n")
    for i in range(n):
        out.append(f"    if (p{i})\n        ExFreePoolWithTag(p{i}, 'tseT');\n")
    out.append("    return status;\n}\n")
    return "".join(out)


def devices(n):
    # Each creation's failure deletes the object it did not get: a finding per step.
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    NTSTATUS status = STATUS_SUCCESS;\n    PDEVICE_OBJECT d = NULL;\n",
           "    UNREFERENCED_PARAMETER(RegistryPath);\n"]
    for i in range(n):
        out.append("    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d);\n"
                   "    if (!NT_SUCCESS(status)) {\n        IoDeleteDevice(d);\n    }\n")
    out.append("    return status;\n}\n")
    return "".join(out)


def unchecked(n):
    # Each call overwrites the status the one before returned.
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    NTSTATUS status = STATUS_SUCCESS;\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n"]
    for i in range(n):
        out.append("    status = IoCreateSymbolicLink(RegistryPath, RegistryPath);\n")
    out.append("    return status;\n}\n")
    return "".join(out)


def stages(n):
    # An unload routine switching over n stages of a global (DE011 judges each case).
    out = [HEAD, "static LONG Stage;\n",
           "static UNICODE_STRING BenchLink = RTL_CONSTANT_STRING(L\"\\\\DosDevices\\\\Bench\");\n", "DRIVER_UNLOAD BenchUnload;\n",
           "VOID BenchUnload(PDRIVER_OBJECT DriverObject)\n{\n",
           "    UNREFERENCED_PARAMETER(DriverObject);\n    switch (Stage) {\n"]
    for i in range(n):
        out.append("    case %d: Stage = %d;\n" % (i, i + 1))
    out.append("    default: IoDeleteSymbolicLink(&BenchLink); break;\n    }\n}\n")
    out.append("NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
               "    NTSTATUS status = IoCreateSymbolicLink(&BenchLink, RegistryPath);\n"
               "    if (!NT_SUCCESS(status))\n        return status;\n"
               "    DriverObject->DriverUnload = BenchUnload;\n    return STATUS_SUCCESS;\n}\n")
    return "".join(out)


def nots(n):
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    ULONG x = RegistryPath->Length;\n    UNREFERENCED_PARAMETER(DriverObject);\n",
           "    if (", "!" * n, "x)\n        return STATUS_UNSUCCESSFUL;\n",
           "    return STATUS_SUCCESS;\n}\n"]
    return "".join(out)


def macros(n):
    # M{n} expands to 2^n elements of a table: nothing is big until clang expands it.
    out = [HEAD, "#define M0 1,\n"]
    for i in range(1, n + 1):
        out.append(f"#define M{i} M{i - 1} M{i - 1}\n")
    out.append(f"static const int Table[] = {{ M{n} 0 }};\n"
               "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
               "    UNREFERENCED_PARAMETER(DriverObject);\n"
               "    return RegistryPath->Length > Table[1] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;\n}\n")
    return "".join(out)


def sums(n):
    # S{n}(x) expands to x + x + ... + x, 2^n terms: a binary operator nested 2^n deep.
    out = [HEAD, "#define S0(x) (x)\n"]
    for i in range(1, n + 1):
        out.append(f"#define S{i}(x) S{i - 1}(x) + S{i - 1}(x)\n")
    out.append("NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
               "    UNREFERENCED_PARAMETER(DriverObject);\n"
               f"    ULONG total = S{n}(RegistryPath->Length);\n"
               "    return total > 3 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;\n}\n")
    return "".join(out)


def rounds(n):
    # R{n}(x) expands to 2^n statements of four operators each, separated by `;`.
    out = [HEAD, "#define R0(x) x = ((x) << 3) ^ ((x) >> 5);\n"]
    for i in range(1, n + 1):
        out.append(f"#define R{i}(x) R{i - 1}(x) R{i - 1}(x)\n")
    out.append("NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
               "    ULONG total = RegistryPath->Length;\n"
               "    UNREFERENCED_PARAMETER(DriverObject);\n"
               f"    R{n}(total)\n"
               "    return total > 3 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;\n}\n")
    return "".join(out)


def chain(n):
    # The same chain written out: x + x + ... + x, n terms.
    out = [HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
           "    ULONG x = RegistryPath->Length;\n    UNREFERENCED_PARAMETER(DriverObject);\n",
           "    ULONG total = ", " + ".join(["x"] * n), ";\n",
           "    return total > 3 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;\n}\n"]
    return "".join(out)


def loopdevs(n):
    # The loop's later runs are another instance of the creation; the cleanup
    # helper at the failure label runs with a status known to have failed.
    out = [HEAD, "DRIVER_UNLOAD LoopUnload;\nstatic PDEVICE_OBJECT gDevs[4];\n",
           "static UNICODE_STRING gName;\nstatic PVOID gBlocks[%d];\n" % (n + 1),
           "static VOID StopDevices(VOID)\n{\n    ULONG i;\n    for (i = 0; i < 4; i++) {\n",
           "        if (gDevs[i] != NULL) {\n            IoDeleteDevice(gDevs[i]);\n            gDevs[i] = NULL;\n",
           "        }\n    }\n}\n",
           "static NTSTATUS StartDevices(PDRIVER_OBJECT DriverObject)\n{\n    NTSTATUS status = STATUS_SUCCESS;\n",
           "    ULONG i;\n    for (i = 0; i < 4; i++) {\n",
           "        status = IoCreateDevice(DriverObject, 0, &gName, FILE_DEVICE_UNKNOWN, 0, FALSE, &gDevs[i]);\n",
           "        if (!NT_SUCCESS(status))\n            goto Exit;\n    }\nExit:\n",
           "    if (!NT_SUCCESS(status))\n        StopDevices();\n    return status;\n}\n",
           "static VOID FreeBlocks(VOID)\n{\n"]
    for i in range(n):
        out.append(f"    if (gBlocks[{i}] != NULL) {{\n        ExFreePoolWithTag(gBlocks[{i}], 'kolB');\n"
                   f"        gBlocks[{i}] = NULL;\n    }}\n")
    out.append("}\nVOID LoopUnload(PDRIVER_OBJECT DriverObject)\n{\n    UNREFERENCED_PARAMETER(DriverObject);\n"
               "    FreeBlocks();\n    StopDevices();\n}\n"
               "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
               "    NTSTATUS status;\n    UNREFERENCED_PARAMETER(RegistryPath);\n"
               "    status = StartDevices(DriverObject);\n    if (!NT_SUCCESS(status))\n        return status;\n")
    for i in range(n):
        out.append(f"    gBlocks[{i}] = ExAllocatePoolZero(NonPagedPoolNx, 64, 'kolB');\n"
                   f"    if (gBlocks[{i}] == NULL) {{\n        status = STATUS_INSUFFICIENT_RESOURCES;\n"
                   f"        goto Fail;\n    }}\n")
    out.append("    DriverObject->DriverUnload = LoopUnload;\n    return STATUS_SUCCESS;\n"
               "Fail:\n    FreeBlocks();\n    StopDevices();\n    return status;\n}\n")
    return "".join(out)


def written_out(expression):
    return "".join([HEAD, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n",
                    "    ULONG x = RegistryPath->Length, y;\n    UNREFERENCED_PARAMETER(DriverObject);\n",
                    "    y = ", expression, ";\n",
                    "    return y > 3 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;\n}\n"])


def assigns(n):
    return written_out(" = ".join(["x"] * n))


def ternaries(n):
    return written_out("x ? " + " : x ? ".join(["1"] * n) + " : 2")


if __name__ == "__main__":
    shapes = {"checks": checks, "allocs": allocs, "elseif": elseif, "gotos": gotos, "quiet": quiet,
              "guarded": guarded, "devices": devices, "unchecked": unchecked, "nots": nots,
              "macros": macros, "sums": sums, "rounds": rounds, "chain": chain, "assigns": assigns,
              "ternaries": ternaries, "loopdevs": loopdevs,
              "stages": stages}
    if len(sys.argv) != 3 or sys.argv[1] not in shapes:
        sys.exit(__doc__)
    sys.stdout.write(shapes[sys.argv[1]](int(sys.argv[2])))
