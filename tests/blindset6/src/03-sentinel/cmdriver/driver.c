//
// cmdriver - blocks writes to a configurable list of registry keys.
//
#include "common.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
EX_CALLBACK_FUNCTION RegistryCallback;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DispatchIoctl;

typedef struct _CM_GLOBALS {
    UNICODE_STRING  RegistryPath;
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;
    LARGE_INTEGER   Cookie;
    BOOLEAN         CallbackRegistered;
    ULONG           BlockMode;
    SNT_STATS       Stats;
} CM_GLOBALS;

static CM_GLOBALS g_Globals;

static const UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\SentinelCm");
static const UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\??\\SentinelCm");
static const UNICODE_STRING g_Altitude   = RTL_CONSTANT_STRING(L"385201");
static const UNICODE_STRING g_DebuggerValue = RTL_CONSTANT_STRING(L"Debugger");

static NTSTATUS
InitializeGlobals(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG value = 0;

    RtlZeroMemory(&g_Globals, sizeof(g_Globals));

    status = SntDuplicateUnicodeString(RegistryPath, &g_Globals.RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g_Globals.BlockMode = 1;
    if (NT_SUCCESS(SntReadDwordParameter(&g_Globals.RegistryPath, L"BlockMode", &value))) {
        g_Globals.BlockMode = value;
    }
    if (NT_SUCCESS(SntReadDwordParameter(&g_Globals.RegistryPath, L"TraceLevel", &value))) {
        SntTraceLevel = value;
    }
    return STATUS_SUCCESS;
}

static VOID
CleanupGlobals(
    VOID
    )
{
    SntFreeUnicodeString(&g_Globals.RegistryPath);
}

static NTSTATUS
CreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, (PUNICODE_STRING)&g_DeviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Globals.ControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink((PUNICODE_STRING)&g_LinkName, (PUNICODE_STRING)&g_DeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Globals.ControlDevice);
        g_Globals.ControlDevice = NULL;
        return status;
    }
    g_Globals.LinkCreated = TRUE;

    g_Globals.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
DeleteControlDevice(
    VOID
    )
{
    if (g_Globals.LinkCreated) {
        IoDeleteSymbolicLink((PUNICODE_STRING)&g_LinkName);
        g_Globals.LinkCreated = FALSE;
    }
    if (g_Globals.ControlDevice != NULL) {
        IoDeleteDevice(g_Globals.ControlDevice);
        g_Globals.ControlDevice = NULL;
    }
}

NTSTATUS
RegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS notifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_SET_VALUE_KEY_INFORMATION info;
    PCUNICODE_STRING valueName;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (notifyClass != RegNtPreSetValueKey || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;
    InterlockedIncrement64((volatile LONG64 *)&g_Globals.Stats.Inspected);

    //
    // Image File Execution Options "Debugger" values are the classic
    // hijack; refuse them while block mode is on.
    //
    valueName = info->ValueName;
    if (g_Globals.BlockMode != 0 &&
        valueName != NULL &&
        RtlEqualUnicodeString(valueName, &g_DebuggerValue, TRUE)) {
        SNT_TRACE(SNT_LEVEL_INFO, "blocked write of %wZ", valueName);
        InterlockedIncrement64((volatile LONG64 *)&g_Globals.Stats.Blocked);
        status = STATUS_ACCESS_DENIED;
    } else {
        status = STATUS_SUCCESS;
    }

    return status;
}

NTSTATUS
DispatchCreateClose(
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

NTSTATUS
DispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_SNT_GET_STATS) {
        if (sl->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(SNT_STATS)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Globals.Stats, sizeof(SNT_STATS));
            info = sizeof(SNT_STATS);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Globals.CallbackRegistered) {
        CmUnRegisterCallback(g_Globals.Cookie);
        g_Globals.CallbackRegistered = FALSE;
    }
    DeleteControlDevice();
    CleanupGlobals();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = InitializeGlobals(RegistryPath);
    CHECK_STATUS(status, Exit);

    status = CreateControlDevice(DriverObject);
    CHECK_STATUS(status, FreeGlobals);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    status = CmRegisterCallbackEx(RegistryCallback,
                                  &g_Altitude,
                                  DriverObject,
                                  NULL,
                                  &g_Globals.Cookie,
                                  NULL);
    CHECK_STATUS(status, DeleteDevice);
    g_Globals.CallbackRegistered = TRUE;

    DriverObject->DriverUnload = DriverUnload;
    SNT_TRACE(SNT_LEVEL_INFO, "loaded, block mode %lu", g_Globals.BlockMode);
    return STATUS_SUCCESS;

DeleteDevice:
    DeleteControlDevice();
FreeGlobals:
    CleanupGlobals();
Exit:
    return status;
}
