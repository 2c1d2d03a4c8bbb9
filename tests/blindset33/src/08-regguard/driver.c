/*
 * driver.c - DriverEntry, unload, control device
 */
#include "regguard.h"

RG_GLOBALS g_Rg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RgUnload)
#pragma alloc_text(PAGE, RgDeviceControl)
#endif

NTSTATUS
RgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RG_ADD_RULE:
    {
        UNICODE_STRING path;
        if (inLen < sizeof(WCHAR) || inLen > RG_MAX_PATH * sizeof(WCHAR) || (inLen % sizeof(WCHAR)) != 0) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        path.Buffer = (PWCH)buffer;
        path.Length = path.MaximumLength = (USHORT)inLen;
        if (path.Buffer[inLen / sizeof(WCHAR) - 1] == UNICODE_NULL) {
            path.Length -= sizeof(WCHAR);
        }
        status = RgAddRule(&path);
        break;
    }
    case IOCTL_RG_CLEAR:
        ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.RulesLock);
        RgFreeRulesLocked();
        ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.RulesLock);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_RG_RELOAD:
        ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.RulesLock);
        RgFreeRulesLocked();
        ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.RulesLock);
        status = RgLoadRules();
        break;

    case IOCTL_RG_STATS:
        if (outLen < sizeof(RG_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((PRG_STATS)buffer)->RuleCount = g_Rg.RuleCount;
        ((PRG_STATS)buffer)->Denied = (ULONG)g_Rg.Denied;
        info = sizeof(RG_STATS);
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

static NTSTATUS
RgCreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RG_DEVICE_NAME);
    NTSTATUS status;

    RtlInitUnicodeString(&g_Rg.LinkName, RG_LINK_NAME);

    RG_CHECK(IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rg.DeviceObject), Exit);
    g_Rg.DeviceObject->Flags |= DO_BUFFERED_IO;

    RG_CHECK(IoCreateSymbolicLink(&g_Rg.LinkName, &devName), FailLink);
    g_Rg.LinkCreated = TRUE;
    return STATUS_SUCCESS;

FailLink:
    IoDeleteDevice(g_Rg.DeviceObject);
    g_Rg.DeviceObject = NULL;
Exit:
    return status;
}

static VOID
RgDeleteDevice(VOID)
{
    if (g_Rg.LinkCreated) {
        IoDeleteSymbolicLink(&g_Rg.LinkName);
        g_Rg.LinkCreated = FALSE;
    }
    if (g_Rg.DeviceObject != NULL) {
        IoDeleteDevice(g_Rg.DeviceObject);
        g_Rg.DeviceObject = NULL;
    }
}

VOID
RgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    CmUnRegisterCallback(g_Rg.Cookie);

    RgDeleteDevice();

    ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.RulesLock);
    RgFreeRulesLocked();
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.RulesLock);

    RG_LOG("unloaded, %ld operations denied", g_Rg.Denied);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);
    NTSTATUS status;

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgDeviceControl;

    RG_CHECK(RgConfigInit(RegistryPath), Exit);
    RG_CHECK(RgCreateDevice(DriverObject), FailConfig);
    RG_CHECK(CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Rg.Cookie, NULL), FailDevice);

    DriverObject->DriverUnload = RgUnload;
    RG_LOG("loaded with %lu rule(s)", g_Rg.RuleCount);
    return STATUS_SUCCESS;

FailDevice:
    RgDeleteDevice();
FailConfig:
    RgConfigCleanup();
Exit:
    return status;
}
