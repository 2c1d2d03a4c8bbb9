/*
 * driver.c - DriverEntry, unload, control device and shutdown handling
 */
#include "pciwdt.h"

WDT_GLOBALS g_Wdt;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WdtUnload)
#endif

static NTSTATUS
WdtComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING  ntName, dosName;
    PDEVICE_OBJECT  ctl = NULL;
    PCOMMON_EXT     ce;
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KD(("DriverEntry\n"));

    KeInitializeSpinLock(&g_Wdt.CardLock);
    InitializeListHead(&g_Wdt.Cards);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = WdtDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WdtDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WdtDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = WdtDispatchShutdown;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = WdtDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = WdtDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = WdtDispatchSystemControl;
    DriverObject->DriverExtension->AddDevice           = WdtAddDevice;
    DriverObject->DriverUnload                         = WdtUnload;

    RtlInitUnicodeString(&ntName, WDT_CTL_NAME);
    status = IoCreateDevice(DriverObject, sizeof(COMMON_EXT), &ntName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &ctl);
    if (!NT_SUCCESS(status)) {
        KD(("IoCreateDevice(ctl) %08x\n", status));
        return status;
    }
    ce = (PCOMMON_EXT)ctl->DeviceExtension;
    ce->Kind = EXT_CONTROL;

    RtlInitUnicodeString(&dosName, WDT_CTL_LINK);
    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        KD(("IoCreateSymbolicLink %08x\n", status));
        IoDeleteDevice(ctl);
        return status;
    }

    // disarm the cards before the box powers off, or they reset it mid-shutdown
    status = IoRegisterShutdownNotification(ctl);
    if (!NT_SUCCESS(status)) {
        KD(("IoRegisterShutdownNotification %08x\n", status));
        goto fail_link;
    }

    g_Wdt.Stats = (PWDT_STATS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WDT_STATS), WDT_TAG);
    if (g_Wdt.Stats == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_shutdown;
    }

    g_Wdt.ControlDevice = ctl;
    ctl->Flags |= DO_BUFFERED_IO;
    ctl->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_shutdown:
    IoUnregisterShutdownNotification(ctl);
    IoDeleteDevice(ctl);
    return status;

fail_link:
    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(ctl);
    return status;
}

VOID
WdtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KD(("Unload\n"));

    if (g_Wdt.ControlDevice != NULL) {
        UNICODE_STRING dosName;

        IoUnregisterShutdownNotification(g_Wdt.ControlDevice);
        RtlInitUnicodeString(&dosName, WDT_CTL_LINK);
        IoDeleteSymbolicLink(&dosName);
        IoDeleteDevice(g_Wdt.ControlDevice);
        g_Wdt.ControlDevice = NULL;
    }

    // cards are all gone (PnP removed them before unloading us), so the
    // stats block has no more users
    KD(("final stats: %lu kicks, %lu pre-timeouts\n",
        g_Wdt.Stats->Kicks, g_Wdt.Stats->PreTimeouts));
}

//
// Write a register on the first started card, under the list lock so the
// card cannot be removed underneath us.
//
static BOOLEAN
WdtWriteFirstCard(ULONG Reg, UCHAR Value)
{
    KIRQL irql;
    PCARD_EXT card;
    BOOLEAN done = FALSE;

    KeAcquireSpinLock(&g_Wdt.CardLock, &irql);
    if (!IsListEmpty(&g_Wdt.Cards)) {
        card = CONTAINING_RECORD(g_Wdt.Cards.Flink, CARD_EXT, Link);
        if (card->Started) {
            WRITE_PORT_UCHAR(card->Port + Reg, Value);
            done = TRUE;
        }
    }
    KeReleaseSpinLock(&g_Wdt.CardLock, irql);
    return done;
}

VOID
WdtDisarmAll(VOID)
{
    KIRQL irql;
    PLIST_ENTRY le;
    PCARD_EXT card;

    KeAcquireSpinLock(&g_Wdt.CardLock, &irql);
    for (le = g_Wdt.Cards.Flink; le != &g_Wdt.Cards; le = le->Flink) {
        card = CONTAINING_RECORD(le, CARD_EXT, Link);
        if (card->Started) {
            WRITE_PORT_UCHAR(card->Port + WDT_REG_CONTROL, 0);
        }
    }
    KeReleaseSpinLock(&g_Wdt.CardLock, irql);
}

NTSTATUS
WdtDispatchShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (g_Wdt.Stats) g_Wdt.Stats->ShutdownSeen++;
    WdtDisarmAll();
    return WdtComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
WdtDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCOMMON_EXT ce = (PCOMMON_EXT)DeviceObject->DeviceExtension;
    // only the control device is opened from user mode
    return WdtComplete(Irp, ce->Kind == EXT_CONTROL ? STATUS_SUCCESS
                                                    : STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS
WdtDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCOMMON_EXT ce = (PCOMMON_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buf = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;

    if (ce->Kind != EXT_CONTROL) {
        return WdtComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WDT_KICK:
        if (!WdtWriteFirstCard(WDT_REG_KICK, WDT_KICK_MAGIC)) {
            return WdtComplete(Irp, STATUS_DEVICE_NOT_READY, 0);
        }
        InterlockedIncrement((volatile LONG*)&g_Wdt.Stats->Kicks);
        return WdtComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_WDT_ARM:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < 1) {
            return WdtComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        if (!WdtWriteFirstCard(WDT_REG_TIMEOUT, buf[0]) ||
            !WdtWriteFirstCard(WDT_REG_CONTROL, WDT_CTRL_ENABLE | WDT_CTRL_PRETIMEOUT_IE)) {
            return WdtComplete(Irp, STATUS_DEVICE_NOT_READY, 0);
        }
        return WdtComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_WDT_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(WDT_STATS)) {
            return WdtComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(buf, g_Wdt.Stats, sizeof(WDT_STATS));
        return WdtComplete(Irp, STATUS_SUCCESS, sizeof(WDT_STATS));
    }
    return WdtComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}
