/*
 * pvlib.c - logging and hypercall page management shared by the PV drivers.
 *
 * Copyright (c) PV Drivers for Windows contributors.
 * SPDX-License-Identifier: BSD-2-Clause
 */

#include <ntstrsafe.h>
#include "pvlib.h"

#define PV_LOG_LINE_MAX 256

static struct {
    CHAR            Component[16];
    PV_LOG_LEVEL    Level;
    PCHAR           Line;           /* scratch for DISPATCH_LEVEL callers */
    KSPIN_LOCK      LineLock;
} PvLog = { "pv", PV_LOG_WARNING, NULL, 0 };

typedef LONG_PTR (*PV_HYPERCALL_THUNK)(ULONG_PTR, ULONG_PTR);

_Use_decl_annotations_
NTSTATUS
PvLogInit(
    PCUNICODE_STRING RegistryPath,
    PCSTR Component
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG level = PV_LOG_WARNING;
    NTSTATUS status;

    RtlStringCbCopyA(PvLog.Component, sizeof(PvLog.Component), Component);
    KeInitializeSpinLock(&PvLog.LineLock);

    PvLog.Line = ExAllocatePoolZero(NonPagedPoolNx, PV_LOG_LINE_MAX, PV_LIB_TAG);
    if (PvLog.Line == NULL)
        return STATUS_NO_MEMORY;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"LogLevel";
    table[0].EntryContext = &level;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, table, NULL, NULL);
    if (NT_SUCCESS(status) && level <= PV_LOG_TRACE)
        PvLog.Level = (PV_LOG_LEVEL)level;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PvLogFini(
    VOID
    )
{
    KIRQL irql;
    PCHAR line;

    KeAcquireSpinLock(&PvLog.LineLock, &irql);
    line = PvLog.Line;
    PvLog.Line = NULL;
    KeReleaseSpinLock(&PvLog.LineLock, irql);

    if (line != NULL)
        ExFreePoolWithTag(line, PV_LIB_TAG);
}

_Use_decl_annotations_
VOID
PvLogPrint(
    PV_LOG_LEVEL Level,
    PCSTR Function,
    PCSTR Format,
    ...
    )
{
    va_list args;
    KIRQL irql;
    size_t used;

    if (Level > PvLog.Level)
        return;

    KeAcquireSpinLock(&PvLog.LineLock, &irql);
    if (PvLog.Line != NULL) {
        RtlStringCbPrintfA(PvLog.Line, PV_LOG_LINE_MAX, "%s|%s: ", PvLog.Component, Function);
        RtlStringCbLengthA(PvLog.Line, PV_LOG_LINE_MAX, &used);
        va_start(args, Format);
        RtlStringCbVPrintfA(PvLog.Line + used, PV_LOG_LINE_MAX - used, Format, args);
        va_end(args);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID,
                   Level == PV_LOG_ERROR ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL,
                   "%s\n", PvLog.Line);
    }
    KeReleaseSpinLock(&PvLog.LineLock, irql);
}

static BOOLEAN
PvDetectHypervisor(
    _Out_ PULONG MaxLeaf
    )
{
    int regs[4];
    CHAR signature[13];

    __cpuid(regs, 1);
    if ((regs[2] & (1 << 31)) == 0)
        return FALSE;

    __cpuid(regs, PV_HV_CPUID_BASE);
    *MaxLeaf = (ULONG)regs[0];
    RtlCopyMemory(signature + 0, &regs[1], 4);
    RtlCopyMemory(signature + 4, &regs[2], 4);
    RtlCopyMemory(signature + 8, &regs[3], 4);
    signature[12] = '\0';

    return (BOOLEAN)(strcmp(signature, PV_HV_SIGNATURE) == 0);
}

_Use_decl_annotations_
NTSTATUS
PvHypercallInit(
    PPV_HYPERCALL Hypercall
    )
{
    PHYSICAL_ADDRESS highest;
    ULONG maxLeaf;

    RtlZeroMemory(Hypercall, sizeof(*Hypercall));

    if (!PvDetectHypervisor(&maxLeaf)) {
        PV_ERROR("no PV hypervisor");
        return STATUS_NOT_SUPPORTED;
    }

    if (maxLeaf < PV_HV_CPUID_BASE + 2) {
        PV_ERROR("hypervisor leaf range too small (%08x)", maxLeaf);
        return STATUS_NOT_SUPPORTED;
    }

    highest.QuadPart = -1;
    Hypercall->Page = MmAllocateContiguousMemory(PAGE_SIZE, highest);
    if (Hypercall->Page == NULL)
        return STATUS_NO_MEMORY;

    RtlZeroMemory(Hypercall->Page, PAGE_SIZE);
    Hypercall->PagePa = MmGetPhysicalAddress(Hypercall->Page);

    __writemsr(PV_MSR_HYPERCALL, (ULONG64)Hypercall->PagePa.QuadPart | PV_MSR_HYPERCALL_ENABLE);
    Hypercall->Enabled = TRUE;

    Hypercall->Version = (ULONG)PvHypercall2(Hypercall, PV_HC_VERSION, 0, 0);
    PV_INFO("hypercall page at %p, interface %u.%u", (PVOID)Hypercall->PagePa.QuadPart,
            Hypercall->Version >> 16, Hypercall->Version & 0xFFFF);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PvHypercallFini(
    PPV_HYPERCALL Hypercall
    )
{
    if (Hypercall->Enabled) {
        __writemsr(PV_MSR_HYPERCALL, 0);
        Hypercall->Enabled = FALSE;
    }

    if (Hypercall->Page != NULL) {
        MmFreeContiguousMemory(Hypercall->Page);
        Hypercall->Page = NULL;
    }
}

_Use_decl_annotations_
LONG_PTR
PvHypercall2(
    PPV_HYPERCALL Hypercall,
    ULONG Op,
    ULONG_PTR Arg1,
    ULONG_PTR Arg2
    )
{
    PV_HYPERCALL_THUNK thunk;

    if (!Hypercall->Enabled)
        return -1;

    thunk = (PV_HYPERCALL_THUNK)((PUCHAR)Hypercall->Page + (Op * 32));
    return thunk(Arg1, Arg2);
}
