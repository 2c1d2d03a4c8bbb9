/*
 * main.c - DriverEntry, unload and boot reinitialization for bootmon.sys.
 */
#include "bootmon.h"

BM_GLOBALS g_Bm;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BmUnload;
static DRIVER_REINITIALIZE BmBootReinitialize;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, BmUnload)
#pragma alloc_text(PAGE, BmBootReinitialize)
#endif

static VOID
BmLoadConfig(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PBM_CONFIG Config
    )
{
    RTL_QUERY_REGISTRY_TABLE table[5];
    ULONG one = 1;
    ULONG zero = 0;

    Config->TrackThreads = 1;
    Config->TrackImages = 1;
    Config->LogCommandLines = 0;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"TrackThreads";
    table[1].EntryContext = &Config->TrackThreads;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &one;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"TrackImages";
    table[2].EntryContext = &Config->TrackImages;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData = &one;
    table[2].DefaultLength = sizeof(ULONG);

    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[3].Name = L"LogCommandLines";
    table[3].EntryContext = &Config->LogCommandLines;
    table[3].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[3].DefaultData = &zero;
    table[3].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL))) {
        Config->TrackThreads = 1;
        Config->TrackImages = 1;
        Config->LogCommandLines = 0;
    }
}

static VOID
BmBootReinitialize(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_opt_ PVOID Context,
    _In_ ULONG Count
    )
{
    PBM_REINIT_CONTEXT reinit = (PBM_REINIT_CONTEXT)Context;
    ULONGLONG elapsed;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(Count);
    PAGED_CODE();

    if (reinit == NULL) {
        return;
    }

    /* interrupt time is in 100 ns units */
    elapsed = (KeQueryInterruptTime() - reinit->LoadInterruptTime) / 10000;

    BmEtwWriteBootDone(elapsed, (ULONG)g_Bm.ProcessCount - reinit->ProcessesAtLoad);
}

static VOID
BmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Bm.Flags & BM_F_THREAD) {
        PsRemoveCreateThreadNotifyRoutine(BmThreadNotify);
        g_Bm.Flags &= ~BM_F_THREAD;
    }

    if (g_Bm.Flags & BM_F_PROCESS) {
        PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                           (PVOID)BmProcessNotify,
                                           TRUE);
        g_Bm.Flags &= ~BM_F_PROCESS;
    }

    BmEtwUnregister();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    BM_REINIT_CONTEXT reinit;
    NTSTATUS status;

    RtlZeroMemory(&g_Bm, sizeof(g_Bm));
    BmLoadConfig(RegistryPath, &g_Bm.Config);

    status = BmEtwRegister();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                (PVOID)BmProcessNotify,
                                                FALSE);
    if (!NT_SUCCESS(status)) {
        goto fail_etw;
    }
    g_Bm.Flags |= BM_F_PROCESS;

    status = PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifyNonSystem,
                                              (PVOID)BmThreadNotify);
    if (!NT_SUCCESS(status)) {
        goto fail_process;
    }
    g_Bm.Flags |= BM_F_THREAD;

    if (g_Bm.Config.TrackImages) {
        status = PsSetLoadImageNotifyRoutine(BmImageNotify);
        if (!NT_SUCCESS(status)) {
            goto fail_thread;
        }
        g_Bm.Flags |= BM_F_IMAGE;
    }

    DriverObject->DriverUnload = BmUnload;

    RtlZeroMemory(&reinit, sizeof(reinit));
    reinit.LoadInterruptTime = KeQueryInterruptTime();
    reinit.ProcessesAtLoad = (ULONG)g_Bm.ProcessCount;
    reinit.Flags = g_Bm.Flags;
    IoRegisterBootDriverReinitialization(DriverObject, BmBootReinitialize, &reinit);

    return STATUS_SUCCESS;

fail_thread:
    PsRemoveCreateThreadNotifyRoutine(BmThreadNotify);
    g_Bm.Flags &= ~BM_F_THREAD;
fail_process:
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                       (PVOID)BmProcessNotify,
                                       TRUE);
    g_Bm.Flags &= ~BM_F_PROCESS;
fail_etw:
    BmEtwUnregister();
    return status;
}
