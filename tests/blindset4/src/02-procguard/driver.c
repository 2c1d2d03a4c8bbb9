/*
 * driver.c - entry, unload and control-device dispatch for ProcGuard.
 */
#include "procguard.h"

PG_GLOBALS g_Pg;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PgUnload)
#pragma alloc_text(PAGE, PgDispatchCreateClose)
#pragma alloc_text(PAGE, PgDispatchDeviceControl)
#endif

static NTSTATUS
PgCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    UNICODE_STRING deviceName;

    RtlInitUnicodeString(&deviceName, PG_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pg.ControlDevice);
    if (!NT_SUCCESS(status)) {
        g_Pg.ControlDevice = NULL;
        return status;
    }

    RtlInitUnicodeString(&g_Pg.SymbolicLink, PG_DOSDEVICE_NAME);
    status = IoCreateSymbolicLink(&g_Pg.SymbolicLink, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Pg.ControlDevice);
        g_Pg.ControlDevice = NULL;
        return status;
    }
    g_Pg.SymbolicLinkCreated = TRUE;

    g_Pg.ControlDevice->Flags |= DO_BUFFERED_IO;
    g_Pg.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
PgDeleteControlDevice(VOID)
{
    if (g_Pg.SymbolicLinkCreated) {
        IoDeleteSymbolicLink(&g_Pg.SymbolicLink);
        g_Pg.SymbolicLinkCreated = FALSE;
    }
    if (g_Pg.ControlDevice != NULL) {
        IoDeleteDevice(g_Pg.ControlDevice);
        g_Pg.ControlDevice = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    RtlZeroMemory(&g_Pg, sizeof(g_Pg));
    g_Pg.DriverObject = DriverObject;

    status = PgTableInitialize();
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = PgCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        PgErr("control device 0x%08x", status);
        goto Exit;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDispatchDeviceControl;
    DriverObject->DriverUnload                         = PgUnload;

    /* Callbacks last: they use the table and report through the device. */
    status = PgRegisterCallbacks(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    PgLog("loaded, callbacks 0x%x", g_Pg.CallbackFlags);

Exit:
    if (!NT_SUCCESS(status)) {
        PgDeleteControlDevice();
        PgTableUninitialize();
    }
    return status;
}

VOID
PgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    PgUnregisterCallbacks();
    PgDeleteControlDevice();
    PgTableUninitialize();

    PgLog("unloaded: %d processes, %d handles stripped",
          g_Pg.Stats.ProcessesSeen, g_Pg.Stats.HandlesStripped);
}

NTSTATUS
PgDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PgDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PG_PROTECT_PID:
    case IOCTL_PG_UNPROTECT_PID:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = PgTableSetProtected(ULongToHandle(*(PULONG)buffer),
                                     irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PG_PROTECT_PID);
        break;

    case IOCTL_PG_GET_STATS:
        if (outLen < sizeof(PG_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(buffer, &g_Pg.Stats, sizeof(PG_STATS));
        info = sizeof(PG_STATS);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
