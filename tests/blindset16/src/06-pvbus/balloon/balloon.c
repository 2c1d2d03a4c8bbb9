/*
 * balloon.c - pvballoon.sys: gives guest pages back to the hypervisor on
 * request. A worker thread polls the target set by the host through the
 * hypercall interface and inflates/deflates in 1 MB steps.
 *
 * Copyright (c) PV Drivers for Windows contributors.
 * SPDX-License-Identifier: BSD-2-Clause
 */

#include "../lib/pvlib.h"

#define BALLOON_TAG             'llaB'
#define BALLOON_CHUNK_PAGES     (1024 * 1024 / PAGE_SIZE)
#define BALLOON_MAX_CHUNKS      4096
#define BALLOON_POLL_MS         1000

#define PV_MEMOP_DECREASE       0
#define PV_MEMOP_INCREASE       1
#define PV_MEMOP_GET_TARGET     2

typedef struct _BALLOON_STATE {
    PDEVICE_OBJECT  DeviceObject;
    UNICODE_STRING  LinkName;
    BOOLEAN         LinkCreated;

    PV_HYPERCALL    Hypercall;

    PKTHREAD        Thread;
    KEVENT          StopEvent;

    FAST_MUTEX      Lock;
    ULONG           ChunkCount;
    PMDL            Chunks[BALLOON_MAX_CHUNKS];
    ULONG           TargetChunks;
} BALLOON_STATE, *PBALLOON_STATE;

static BALLOON_STATE Balloon;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BalloonUnload;
static KSTART_ROUTINE BalloonThread;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH BalloonDispatchCreateClose;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, BalloonUnload)
#pragma alloc_text(PAGE, BalloonThread)
#endif

static BOOLEAN
BalloonInflateOne(
    VOID
    )
{
    PHYSICAL_ADDRESS low, high, skip;
    PMDL mdl;

    low.QuadPart = 0;
    high.QuadPart = -1;
    skip.QuadPart = 0;

    mdl = MmAllocatePagesForMdlEx(low, high, skip, BALLOON_CHUNK_PAGES * PAGE_SIZE,
                                  MmCached, MM_DONT_ZERO_ALLOCATION | MM_ALLOCATE_FULLY_REQUIRED);
    if (mdl == NULL)
        return FALSE;

    if (PvHypercall2(&Balloon.Hypercall, PV_HC_MEMORY_OP, PV_MEMOP_DECREASE,
                     (ULONG_PTR)MmGetMdlPfnArray(mdl)) < 0) {
        MmFreePagesFromMdl(mdl);
        ExFreePool(mdl);
        return FALSE;
    }

    Balloon.Chunks[Balloon.ChunkCount++] = mdl;
    return TRUE;
}

static VOID
BalloonDeflateOne(
    VOID
    )
{
    PMDL mdl = Balloon.Chunks[--Balloon.ChunkCount];

    Balloon.Chunks[Balloon.ChunkCount] = NULL;
    PvHypercall2(&Balloon.Hypercall, PV_HC_MEMORY_OP, PV_MEMOP_INCREASE,
                 (ULONG_PTR)MmGetMdlPfnArray(mdl));
    MmFreePagesFromMdl(mdl);
    ExFreePool(mdl);
}

static VOID
BalloonThread(
    _In_ PVOID Context
    )
{
    LARGE_INTEGER timeout;
    LONG_PTR target;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Context);

    PAGED_CODE();

    timeout.QuadPart = -10LL * 1000 * BALLOON_POLL_MS;

    for (;;) {
        status = KeWaitForSingleObject(&Balloon.StopEvent, Executive, KernelMode, FALSE, &timeout);
        if (status == STATUS_SUCCESS)
            break;

        target = PvHypercall2(&Balloon.Hypercall, PV_HC_MEMORY_OP, PV_MEMOP_GET_TARGET, 0);
        if (target < 0)
            continue;

        ExAcquireFastMutex(&Balloon.Lock);
        Balloon.TargetChunks = (ULONG)min(target, BALLOON_MAX_CHUNKS);
        while (Balloon.ChunkCount < Balloon.TargetChunks) {
            if (!BalloonInflateOne())
                break;
        }
        while (Balloon.ChunkCount > Balloon.TargetChunks)
            BalloonDeflateOne();
        ExReleaseFastMutex(&Balloon.Lock);
    }

    /* Give everything back before exiting. */
    ExAcquireFastMutex(&Balloon.Lock);
    while (Balloon.ChunkCount > 0)
        BalloonDeflateOne();
    ExReleaseFastMutex(&Balloon.Lock);

    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS
BalloonStartThread(
    VOID
    )
{
    HANDLE handle;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    KeInitializeEvent(&Balloon.StopEvent, NotificationEvent, FALSE);
    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, &oa, NULL, NULL, BalloonThread, NULL);
    if (!NT_SUCCESS(status))
        return status;

    status = ObReferenceObjectByHandle(handle, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&Balloon.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* Cannot wait for it without a reference: stop it and move on. */
        KeSetEvent(&Balloon.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, NULL);
        ZwClose(handle);
        return status;
    }

    ZwClose(handle);
    return STATUS_SUCCESS;
}

static VOID
BalloonStopThread(
    VOID
    )
{
    if (Balloon.Thread == NULL)
        return;

    KeSetEvent(&Balloon.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(Balloon.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Balloon.Thread);
    Balloon.Thread = NULL;
}

static NTSTATUS
BalloonCreateDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PvBalloon");
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Balloon.DeviceObject);
    if (!NT_SUCCESS(status))
        return status;

    RtlInitUnicodeString(&Balloon.LinkName, L"\\DosDevices\\PvBalloon");
    status = IoCreateSymbolicLink(&Balloon.LinkName, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(Balloon.DeviceObject);
        Balloon.DeviceObject = NULL;
        return status;
    }
    Balloon.LinkCreated = TRUE;

    Balloon.DeviceObject->Flags |= DO_BUFFERED_IO;
    Balloon.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
BalloonDeleteDevice(
    VOID
    )
{
    if (Balloon.LinkCreated) {
        IoDeleteSymbolicLink(&Balloon.LinkName);
        Balloon.LinkCreated = FALSE;
    }
    if (Balloon.DeviceObject != NULL) {
        IoDeleteDevice(Balloon.DeviceObject);
        Balloon.DeviceObject = NULL;
    }
}

static NTSTATUS
BalloonDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
BalloonUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    PV_INFO("====>");

    BalloonDeleteDevice();
    BalloonStopThread();
    PvHypercallFini(&Balloon.Hypercall);

    PV_INFO("<====");
    PvLogFini();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = PvLogInit(RegistryPath, "pvballoon");
    if (!NT_SUCCESS(status))
        return status;

    ExInitializeFastMutex(&Balloon.Lock);

    status = PvHypercallInit(&Balloon.Hypercall);
    if (!NT_SUCCESS(status))
        goto fail1;

    status = BalloonCreateDevice(DriverObject);
    if (!NT_SUCCESS(status))
        goto fail2;

    status = BalloonStartThread();
    if (!NT_SUCCESS(status))
        goto fail3;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BalloonDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BalloonDispatchCreateClose;
    DriverObject->DriverUnload = BalloonUnload;

    PV_INFO("started");
    return STATUS_SUCCESS;

fail3:
    PV_ERROR("fail3");
    BalloonDeleteDevice();

fail2:
    PV_ERROR("fail2");
    PvHypercallFini(&Balloon.Hypercall);

fail1:
    PV_ERROR("fail1 (%08x)", status);
    PvLogFini();
    return status;
}
