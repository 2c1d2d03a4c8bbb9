/*
 * ramchan.c - driver entry, channel creation and unload.
 */
#include "ramchan.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RcUnload;
KDEFERRED_ROUTINE RcAgeDpc;

PDEVICE_OBJECT g_RcDevices[RC_CHANNEL_COUNT];

static KTIMER g_AgeTimer;
static KDPC   g_AgeDpc;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RcUnload)
#endif

static NTSTATUS
RcCreateChannel(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index
    )
{
    NTSTATUS status;
    WCHAR nameBuf[48];
    UNICODE_STRING devName;
    PDEVICE_OBJECT dev = NULL;
    PRC_CHANNEL ch;

    status = RtlStringCbPrintfW(nameBuf, sizeof(nameBuf), L"\\Device\\RamChan%lu", Index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&devName, nameBuf);

    status = IoCreateDevice(DriverObject,
                            sizeof(RC_CHANNEL),
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ch = (PRC_CHANNEL)dev->DeviceExtension;
    RtlZeroMemory(ch, sizeof(*ch));
    ch->Index = Index;
    KeInitializeSpinLock(&ch->Lock);

    status = RtlStringCbPrintfW(ch->LinkBuffer, sizeof(ch->LinkBuffer),
                                L"\\DosDevices\\RamChan%lu", Index);
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&ch->LinkName, ch->LinkBuffer);
        status = IoCreateSymbolicLink(&ch->LinkName, &devName);
    }
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    g_RcDevices[Index] = dev;
    return STATUS_SUCCESS;
}

VOID
RcAgeDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    for (i = 0; i < RC_CHANNEL_COUNT; i++) {
        PDEVICE_OBJECT dev = g_RcDevices[i];
        PRC_CHANNEL ch;

        if (dev == NULL) {
            continue;
        }
        ch = (PRC_CHANNEL)dev->DeviceExtension;

        KeAcquireSpinLockAtDpcLevel(&ch->Lock);
        ch->Stats.SecondsIdle++;
        KeReleaseSpinLockFromDpcLevel(&ch->Lock);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("RamChan: loading\n"));

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RcDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RcDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = RcDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = RcDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RcDispatchIoctl;
    DriverObject->DriverUnload = RcUnload;

    for (i = 0; i < RC_CHANNEL_COUNT; i++) {
        status = RcCreateChannel(DriverObject, i);
        if (!NT_SUCCESS(status)) {
            KdPrint(("RamChan: channel %lu failed 0x%08X\n", i, status));
            return status;
        }
    }

    KeInitializeTimerEx(&g_AgeTimer, NotificationTimer);
    KeInitializeDpc(&g_AgeDpc, RcAgeDpc, NULL);

    due.QuadPart = -10LL * 1000 * RC_AGE_PERIOD_MS;
    KeSetTimerEx(&g_AgeTimer, due, RC_AGE_PERIOD_MS, &g_AgeDpc);

    KdPrint(("RamChan: %d channels ready\n", RC_CHANNEL_COUNT));
    return STATUS_SUCCESS;
}

VOID
RcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    for (i = 0; i < RC_CHANNEL_COUNT; i++) {
        PDEVICE_OBJECT dev = g_RcDevices[i];
        PRC_CHANNEL ch;

        if (dev == NULL) {
            continue;
        }
        ch = (PRC_CHANNEL)dev->DeviceExtension;

        IoDeleteSymbolicLink(&ch->LinkName);
        g_RcDevices[i] = NULL;
        IoDeleteDevice(dev);
    }

    KdPrint(("RamChan: unloaded\n"));
}
