/*
 * procguard.sys
 *
 *   - keeps a list of image names that are not allowed to start
 *     (PsSetCreateProcessNotifyRoutineEx, CreationStatus = ACCESS_DENIED)
 *   - protects the agent process and its threads from being killed or
 *     written to (ObRegisterCallbacks)
 */
#include "procguard.h"

PG_STATE g_Pg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PgUnload;
DRIVER_DISPATCH   PgCreateClose;
DRIVER_DISPATCH   PgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PgUnload)
#pragma alloc_text(PAGE, PgDeviceControl)
#endif

NTSTATUS PgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS PgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID    buf   = Irp->AssociatedIrp.SystemBuffer;
    ULONG    inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PG_SET_AGENT:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        InterlockedExchange(&g_Pg.AgentPid, (LONG)*(PULONG)buf);
        PGLOG("agent pid is now %ld", g_Pg.AgentPid);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PG_BLOCK_IMAGE:
        status = PgAddBlockedName((PCWSTR)buf, inLen);
        break;

    case IOCTL_PG_UNBLOCK_ALL:
        PgClearBlockedNames();
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/* undo whatever DriverEntry managed to set up; also used by unload */
static VOID PgTeardown(VOID)
{
    if (g_Pg.ObHandle != NULL) {
        ObUnRegisterCallbacks(g_Pg.ObHandle);
        g_Pg.ObHandle = NULL;
    }

    if (g_Pg.ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, TRUE);
        g_Pg.ProcessNotify = FALSE;
    }

    if (g_Pg.LinkCreated) {
        IoDeleteSymbolicLink(&g_Pg.Link);
        g_Pg.LinkCreated = FALSE;
    }

    if (g_Pg.Device != NULL) {
        IoDeleteDevice(g_Pg.Device);
        g_Pg.Device = NULL;
    }

    /* no callback can be running any more, the list and its lock can go */
    if (g_Pg.NamesLockReady) {
        PgClearBlockedNames();
        ExDeleteResourceLite(&g_Pg.NamesLock);
        g_Pg.NamesLockReady = FALSE;
    }
}

VOID PgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PGLOG("unloading");
    PgTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING devName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pg, sizeof(g_Pg));
    RtlInitUnicodeString(&devName, PG_DEVICE_NAME);
    RtlInitUnicodeString(&g_Pg.Link, PG_LINK_NAME);

    /* state first: the callbacks below look at it as soon as they are in */
    InitializeListHead(&g_Pg.Names);
    status = ExInitializeResourceLite(&g_Pg.NamesLock);
    if (!NT_SUCCESS(status)) {
        PGERR("ExInitializeResourceLite 0x%08X", status);
        return status;
    }
    g_Pg.NamesLockReady = TRUE;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pg.Device);
    if (!NT_SUCCESS(status)) {
        PGERR("IoCreateDevice 0x%08X", status);
        goto Fail;
    }
    g_Pg.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Pg.Link, &devName);
    if (!NT_SUCCESS(status)) {
        PGERR("IoCreateSymbolicLink 0x%08X", status);
        goto Fail;
    }
    g_Pg.LinkCreated = TRUE;

    status = PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PGERR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        goto Fail;
    }
    g_Pg.ProcessNotify = TRUE;

    status = PgRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        PGERR("ObRegisterCallbacks 0x%08X", status);
        g_Pg.ObHandle = NULL;
        goto Fail;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDeviceControl;
    DriverObject->DriverUnload                         = PgUnload;

    g_Pg.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    PGLOG("loaded");
    return STATUS_SUCCESS;

Fail:
    PgTeardown();
    return status;
}
