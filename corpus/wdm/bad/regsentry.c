/*
 * regsentry.c - legacy WDM driver of a tamper-protection agent: a registry
 * filter, process-handle callbacks, a process-creation callback, a control
 * device and its symbolic link. DriverEntry unwinds correctly when a step
 * fails.
 *
 * BUG (DE011): the object callbacks were added to RsStartCallbacks in a later
 * version, but the teardown helper the unload routine calls was never taught
 * about them: after unload, the next OpenProcess calls RsPreProcessHandle in
 * the unloaded image.
 */

#include <ntddk.h>

#define RS_TAG 'tnSR'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RsCreateClose;
EX_CALLBACK_FUNCTION RsRegistryCallback;
OB_PRE_OPERATION_CALLBACK RsPreProcessHandle;

static LARGE_INTEGER RsCookie;
static PVOID RsObHandle;
static BOOLEAN RsProcessNotify;
static UNICODE_STRING RsLink = RTL_CONSTANT_STRING(L"\\DosDevices\\RegSentry");

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RsUnload)
#pragma alloc_text(PAGE, RsCreateClose)
#endif

static VOID
RsProcessCreated(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

_Use_decl_annotations_
NTSTATUS
RsRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
OB_PREOP_CALLBACK_STATUS
RsPreProcessHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);
    UNREFERENCED_PARAMETER(Info);
    return OB_PREOP_SUCCESS;
}

/* Removes what is registered, newest first; safe after a partial start. */
static VOID
RsStopCallbacks(VOID)
{
    if (RsProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(RsProcessCreated, TRUE);
        RsProcessNotify = FALSE;
    }
    if (RsCookie.QuadPart != 0) {
        CmUnRegisterCallback(RsCookie);
        RsCookie.QuadPart = 0;
    }
}

static NTSTATUS
RsStartCallbacks(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    OB_OPERATION_REGISTRATION operation = { 0 };
    OB_CALLBACK_REGISTRATION registration = { 0 };
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385201");
    NTSTATUS status;

    status = CmRegisterCallbackEx(RsRegistryCallback, &altitude, DriverObject, NULL, &RsCookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    operation.ObjectType = PsProcessType;
    operation.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operation.PreOperation = RsPreProcessHandle;
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    registration.Altitude = altitude;
    registration.OperationRegistration = &operation;
    status = ObRegisterCallbacks(&registration, &RsObHandle);      // expect: DE011
    if (!NT_SUCCESS(status)) {
        CmUnRegisterCallback(RsCookie);
        RsCookie.QuadPart = 0;
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(RsProcessCreated, FALSE);
    if (!NT_SUCCESS(status)) {
        ObUnRegisterCallbacks(RsObHandle);
        RsObHandle = NULL;
        CmUnRegisterCallback(RsCookie);
        RsCookie.QuadPart = 0;
        return status;
    }
    RsProcessNotify = TRUE;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RsUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    RsStopCallbacks();
    IoDeleteSymbolicLink(&RsLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\RegSentry");
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&RsLink, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    status = RsStartCallbacks(DriverObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&RsLink);
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RsCreateClose;
    DriverObject->DriverUnload = RsUnload;
    return STATUS_SUCCESS;
}
