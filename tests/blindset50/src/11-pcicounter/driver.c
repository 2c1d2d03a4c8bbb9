/*
 * driver.c - DriverEntry / Unload, control device, shutdown and PPS watcher
 */
#include "pcictr.h"

CTR_GLOBALS g_Ctr;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtrUnload)
#pragma alloc_text(PAGE, CtrPpsNotify)
#endif

static NTSTATUS
CtrComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS
CtrCopyRegistryPath(PCUNICODE_STRING Source)
{
    USHORT size = Source->Length + sizeof(WCHAR);

    g_Ctr.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, size, CTR_TAG);
    if (g_Ctr.RegistryPath.Buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    g_Ctr.RegistryPath.Length = 0;
    g_Ctr.RegistryPath.MaximumLength = size;
    RtlCopyUnicodeString(&g_Ctr.RegistryPath, Source);     // pool is zeroed, stays terminated
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING  ntName, dosName;
    PDEVICE_OBJECT  ctl = NULL;
    NTSTATUS        status;

    DBG_OUT("DriverEntry %wZ\n", RegistryPath);

    KeInitializeSpinLock(&g_Ctr.Lock);
    InitializeListHead(&g_Ctr.Cards);

    status = CtrCopyRegistryPath(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = CtrDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = CtrDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtrDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = CtrDispatchShutdown;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = CtrDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = CtrDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = CtrDispatchSystemControl;
    DriverObject->DriverExtension->AddDevice           = CtrAddDevice;
    DriverObject->DriverUnload                         = CtrUnload;

    RtlInitUnicodeString(&ntName, CTR_CTL_NAME);
    RtlInitUnicodeString(&dosName, CTR_CTL_LINK);

    status = IoCreateDevice(DriverObject, sizeof(ULONG), &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &ctl);
    if (!NT_SUCCESS(status)) {
        goto fail_regpath;
    }
    *(PULONG)ctl->DeviceExtension = KIND_CONTROL;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = IoRegisterShutdownNotification(ctl);
    if (!NT_SUCCESS(status)) {
        goto fail_link;
    }

    g_Ctr.Stats = (PCTR_STATS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CTR_STATS), CTR_TAG);
    if (g_Ctr.Stats == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_shutdown;
    }

    // lock, list and stats are ready; existing PPS sources are reported right away
    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_PPS_SOURCE,
                                            DriverObject, CtrPpsNotify, NULL,
                                            &g_Ctr.PpsNotifyEntry);
    if (!NT_SUCCESS(status)) {
        goto fail_stats;
    }

    g_Ctr.ControlDevice = ctl;
    ctl->Flags |= DO_BUFFERED_IO;
    ctl->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_stats:
    ExFreePoolWithTag(g_Ctr.Stats, CTR_TAG);
    g_Ctr.Stats = NULL;
fail_shutdown:
    IoUnregisterShutdownNotification(ctl);
fail_link:
    IoDeleteSymbolicLink(&dosName);
fail_device:
    IoDeleteDevice(ctl);
fail_regpath:
    ExFreePoolWithTag(g_Ctr.RegistryPath.Buffer, CTR_TAG);
    g_Ctr.RegistryPath.Buffer = NULL;
    DBG_OUT("DriverEntry failed %08x\n", status);
    return status;
}

VOID
CtrUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    // stop callbacks first, they touch Stats
    IoUnregisterPlugPlayNotificationEx(g_Ctr.PpsNotifyEntry);
    g_Ctr.PpsNotifyEntry = NULL;

    IoUnregisterShutdownNotification(g_Ctr.ControlDevice);
    RtlInitUnicodeString(&dosName, CTR_CTL_LINK);
    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(g_Ctr.ControlDevice);
    g_Ctr.ControlDevice = NULL;

    ExFreePoolWithTag(g_Ctr.Stats, CTR_TAG);
    g_Ctr.Stats = NULL;

    ExFreePoolWithTag(g_Ctr.RegistryPath.Buffer, CTR_TAG);
    g_Ctr.RegistryPath.Buffer = NULL;
    DBG_OUT("unloaded\n");
}

NTSTATUS
CtrPpsNotify(_In_ PVOID NotificationStructure, _Inout_opt_ PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;

    UNREFERENCED_PARAMETER(Context);
    PAGED_CODE();

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        InterlockedIncrement((volatile LONG*)&g_Ctr.Stats->PpsSources);
    } else if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        InterlockedDecrement((volatile LONG*)&g_Ctr.Stats->PpsSources);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
CtrDispatchShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLIST_ENTRY le;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    // stop the counters so a warm reboot doesn't come up with interrupts armed
    KeAcquireSpinLock(&g_Ctr.Lock, &irql);
    for (le = g_Ctr.Cards.Flink; le != &g_Ctr.Cards; le = le->Flink) {
        PCARD_EXT card = CONTAINING_RECORD(le, CARD_EXT, Link);
        if (card->Started) WRITE_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_CONTROL), 0);
    }
    KeReleaseSpinLock(&g_Ctr.Lock, irql);
    return CtrComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
CtrDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    ULONG kind = *(PULONG)DeviceObject->DeviceExtension;
    return CtrComplete(Irp, kind == KIND_CONTROL ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS
CtrDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (*(PULONG)DeviceObject->DeviceExtension != KIND_CONTROL ||
        sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_CTR_GET_STATS) {
        return CtrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTR_STATS)) {
        return CtrComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Ctr.Stats, sizeof(CTR_STATS));
    return CtrComplete(Irp, STATUS_SUCCESS, sizeof(CTR_STATS));
}
