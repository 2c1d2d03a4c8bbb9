// driver.cpp -- DriverEntry, Unload and the log worker thread
#include "serspy.h"

using namespace serspy;

Globals serspy::g = {};

extern "C" DRIVER_INITIALIZE DriverEntry;

NTSTATUS
Spy::LoadConfig(PCUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE qt[2] = {};
    ULONG ringKb = SPY_DEFAULT_RING / 1024;
    ULONG defKb = ringKb;

    qt[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name          = const_cast<PWSTR>(L"RingKb");
    qt[0].EntryContext  = &ringKb;
    qt[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData   = &defKb;
    qt[0].DefaultLength = sizeof(ULONG);

    // missing value -> default, which is fine
    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                             RegistryPath->Buffer, qt, nullptr, nullptr);
    if (ringKb < 4 || ringKb > 1024) {
        ringKb = defKb;
    }
    g.RingSize = ringKb * 1024;
    return NT_SUCCESS(status) ? STATUS_SUCCESS : status;
}

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    SPY_LOG("DriverEntry %wZ", RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = Spy::DispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = Spy::DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = Spy::DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = Spy::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = Spy::DispatchPower;
    DriverObject->DriverExtension->AddDevice  = Spy::AddDevice;
    DriverObject->DriverUnload                = Spy::Unload;

    status = Spy::LoadConfig(RegistryPath);
    if (!NT_SUCCESS(status)) {
        SPY_ERR("config %08x", status);
        return status;
    }

    InitializeListHead(&g.Pending);
    KeInitializeSpinLock(&g.PendingLock);
    KeInitializeEvent(&g.Wake, SynchronizationEvent, FALSE);

    ExInitializeNPagedLookasideList(&g.Lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Record), SPY_TAG, 0);
    g.LookasideReady = true;

    g.Ring = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, g.RingSize, SPY_TAG));
    if (g.Ring == nullptr) {
        SPY_ERR("no memory for %lu byte ring", g.RingSize);
        goto cleanup;
    }

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    status = PsCreateSystemThread(&g.ThreadHandle, THREAD_ALL_ACCESS, &oa,
                                  nullptr, nullptr, Spy::Worker, nullptr);
    if (!NT_SUCCESS(status)) {
        SPY_ERR("PsCreateSystemThread %08x", status);
        goto cleanup;
    }

    SPY_LOG("ready, ring %lu bytes", g.RingSize);
    return STATUS_SUCCESS;

cleanup:
    if (g.Ring) {
        ExFreePoolWithTag(g.Ring, SPY_TAG);
        g.Ring = nullptr;
    }
    if (g.LookasideReady) {
        ExDeleteNPagedLookasideList(&g.Lookaside);
        g.LookasideReady = false;
    }
    return status;
}

void
Spy::Unload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    SPY_LOG("unload, %ld records dropped", g.Dropped);

    if (g.LookasideReady) {
        ExDeleteNPagedLookasideList(&g.Lookaside);
        g.LookasideReady = false;
    }

    // stop the worker, it flushes what is still queued on the way out
    InterlockedExchange(&g.Stop, 1);
    KeSetEvent(&g.Wake, IO_NO_INCREMENT, FALSE);
    ZwWaitForSingleObject(g.ThreadHandle, FALSE, nullptr);
    ZwClose(g.ThreadHandle);
    g.ThreadHandle = nullptr;

    ExFreePoolWithTag(g.Ring, SPY_TAG);
    g.Ring = nullptr;
}

void
Spy::Worker(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    for (;;) {
        KeWaitForSingleObject(&g.Wake, Executive, KernelMode, FALSE, nullptr);

        PLIST_ENTRY le;
        while ((le = ExInterlockedRemoveHeadList(&g.Pending, &g.PendingLock)) != nullptr) {
            auto rec = CONTAINING_RECORD(le, Record, Link);

            // [stamp:8][port:4][dir:1][len:1][data]
            ULONG need = 14 + rec->Length;
            if (g.RingPos + need > g.RingSize) {
                g.RingPos = 0;
            }
            PUCHAR p = g.Ring + g.RingPos;
            *reinterpret_cast<PLONGLONG>(p) = rec->Stamp.QuadPart;
            *reinterpret_cast<PULONG>(p + 8) = (ULONG)(ULONG_PTR)rec->Port;
            p[12] = static_cast<UCHAR>(rec->Direction);
            p[13] = static_cast<UCHAR>(rec->Length);
            RtlCopyMemory(p + 14, rec->Data, rec->Length);
            g.RingPos += need;

            ExFreeToNPagedLookasideList(&g.Lookaside, rec);
        }

        if (g.Stop) {
            break;
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}
