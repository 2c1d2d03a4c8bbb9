// driver.cpp - KMon DriverEntry / unload
#include "kmon.h"

namespace kmon {
Globals G;
}

using namespace kmon;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KMonUnload;

static void FreePerCpu()
{
    if (G.PerCpu == nullptr) {
        return;
    }
    for (ULONG i = 0; i < G.CpuCount; i++) {
        PoolFree(G.PerCpu[i]);
    }
    PoolFree(G.PerCpu);
    G.PerCpu = nullptr;
}

// shared by KMonUnload and the failure path of DriverEntry
static void ReleaseCommon()
{
    if (G.LinkCreated) {
        UNICODE_STRING link;
        RtlInitUnicodeString(&link, kLinkName);
        IoDeleteSymbolicLink(&link);
        G.LinkCreated = false;
    }
    if (G.Device != nullptr) {
        IoDeleteDevice(G.Device);
        G.Device = nullptr;
    }
    notify::ClearProcessList();
    FreePerCpu();
}

static void KMonUnload(PDRIVER_OBJECT)
{
    PsSetCreateProcessNotifyRoutineEx(notify::OnProcess, TRUE);
    PsRemoveCreateThreadNotifyRoutine(notify::OnThread);

    ReleaseCommon();
    DbgPrint("KMon: unloaded\n");
}

static NTSTATUS AllocPerCpu()
{
    G.CpuCount = KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);
    G.PerCpu = PoolAlloc<CpuCounters*>(sizeof(CpuCounters*) * G.CpuCount);
    if (G.PerCpu == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    for (ULONG i = 0; i < G.CpuCount; i++) {
        G.PerCpu[i] = PoolAlloc<CpuCounters>(sizeof(CpuCounters),
                                             POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED);
        if (G.PerCpu[i] == nullptr) {
            PoolFree(G.PerCpu);
            G.PerCpu = nullptr;
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    RtlZeroMemory(&G, sizeof(G));
    ExInitializeFastMutex(&G.ProcLock);
    InitializeListHead(&G.Procs);

    NTSTATUS status = AllocPerCpu();
    if (!NT_SUCCESS(status)) {
        DbgPrint("KMon: per-CPU counters 0x%08X\n", status);
        return status;
    }

    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    RtlInitUnicodeString(&devName, kDeviceName);
    RtlInitUnicodeString(&linkName, kLinkName);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &G.Device);
    if (!NT_SUCCESS(status)) {
        G.Device = nullptr;
        ReleaseCommon();
        return status;
    }
    G.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        ReleaseCommon();
        return status;
    }
    G.LinkCreated = true;

    status = PsSetCreateProcessNotifyRoutineEx(notify::OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("KMon: process notify 0x%08X\n", status);
        ReleaseCommon();
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(notify::OnThread);
    if (!NT_SUCCESS(status)) {
        DbgPrint("KMon: thread notify 0x%08X\n", status);
        PsSetCreateProcessNotifyRoutineEx(notify::OnProcess, TRUE);
        ReleaseCommon();
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(notify::OnImage);
    if (!NT_SUCCESS(status)) {
        DbgPrint("KMon: image notify 0x%08X\n", status);
        PsRemoveCreateThreadNotifyRoutine(notify::OnThread);
        PsSetCreateProcessNotifyRoutineEx(notify::OnProcess, TRUE);
        ReleaseCommon();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ioctl::CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ioctl::CreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ioctl::Control;
    DriverObject->DriverUnload = KMonUnload;
    G.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrint("KMon: watching %lu CPUs\n", G.CpuCount);
    return STATUS_SUCCESS;
}
