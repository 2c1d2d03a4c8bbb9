/*
 * notify.c - the two notify routines and the user interface
 */
#include "imgmon.h"
#include <ntstrsafe.h>

VOID
ImLoadImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE              ProcessId,
    _In_ PIMAGE_INFO         ImageInfo
    )
{
    IMGMON_RECORD rec;
    KIRQL         irql;

    RtlZeroMemory(&rec, sizeof(rec));
    rec.ProcessId = HandleToULong(ProcessId);
    rec.ImageBase = ImageInfo->ImageBase;
    rec.ImageSize = ImageInfo->ImageSize;
    rec.Flags     = ImageInfo->SystemModeImage ? 1 : 0;

    if (FullImageName != NULL && FullImageName->Buffer != NULL) {
        RtlStringCchCopyNW(rec.Name, IMGMON_NAME_CCH,
                           FullImageName->Buffer, FullImageName->Length / sizeof(WCHAR));
    }

    InterlockedIncrement(&g_Im.Stats.ImagesLoaded);
    if (rec.Flags & 1) {
        InterlockedIncrement(&g_Im.Stats.KernelImages);
    }

    KeAcquireSpinLock(&g_Im.RingLock, &irql);
    g_Im.Ring[g_Im.RingNext] = rec;
    g_Im.RingNext = (g_Im.RingNext + 1) % IMGMON_RING_SLOTS;
    if (g_Im.RingUsed < IMGMON_RING_SLOTS) {
        g_Im.RingUsed++;
    }
    KeReleaseSpinLock(&g_Im.RingLock, irql);
}

VOID
ImThreadNotify(
    _In_ HANDLE  ProcessId,
    _In_ HANDLE  ThreadId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);

    if (Create) {
        InterlockedIncrement(&g_Im.Stats.ThreadsCreated);
    } else {
        InterlockedIncrement(&g_Im.Stats.ThreadsExited);
    }
}

static NTSTATUS
ImComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
ImDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return ImComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
ImDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PIO_STACK_LOCATION sp     = IoGetCurrentIrpStackLocation(Irp);
    ULONG              outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID              buffer = Irp->AssociatedIrp.SystemBuffer;
    PIMGMON_STATS      stats;
    PIMGMON_RECORD     out;
    ULONG              count, i, idx;
    KIRQL              irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_IMGMON_GET_STATS:
        if (outLen < sizeof(IMGMON_STATS)) {
            return ImComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        stats = (PIMGMON_STATS)buffer;
        stats->ImagesLoaded   = g_Im.Stats.ImagesLoaded;
        stats->KernelImages   = g_Im.Stats.KernelImages;
        stats->ThreadsCreated = g_Im.Stats.ThreadsCreated;
        stats->ThreadsExited  = g_Im.Stats.ThreadsExited;
        return ImComplete(Irp, STATUS_SUCCESS, sizeof(IMGMON_STATS));

    case IOCTL_IMGMON_GET_RECENT:
        count = outLen / sizeof(IMGMON_RECORD);
        if (count == 0) {
            return ImComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        out = (PIMGMON_RECORD)buffer;

        KeAcquireSpinLock(&g_Im.RingLock, &irql);
        if (count > g_Im.RingUsed) {
            count = g_Im.RingUsed;
        }
        // newest first
        for (i = 0; i < count; i++) {
            idx = (g_Im.RingNext + IMGMON_RING_SLOTS - 1 - i) % IMGMON_RING_SLOTS;
            out[i] = g_Im.Ring[idx];
        }
        KeReleaseSpinLock(&g_Im.RingLock, irql);

        return ImComplete(Irp, STATUS_SUCCESS, count * sizeof(IMGMON_RECORD));

    default:
        return ImComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
