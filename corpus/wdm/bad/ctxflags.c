/*
 * ctxflags.c - a driver whose state lives in one pool block made at load:
 * each step records in it what it set up (the device, the link, a process
 * callback), and one teardown routine, given the block, undoes what it
 * records, for DriverEntry's failure and for unload alike. The steps are
 * chained as `if (NT_SUCCESS(status))` blocks; a failure anywhere drops
 * through to the teardown. The link's step records the callback's flag (a
 * line copied from below): when the callback cannot be registered, the
 * teardown leaves the link.
 */

#include <ntddk.h>

#define CF_TAG 'gFtC'

typedef struct _CF_STATE {
    PDEVICE_OBJECT Device;
    BOOLEAN LinkCreated;
    BOOLEAN NotifyRegistered;
} CF_STATE, *PCF_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CfUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH CfCreateClose;

static PCF_STATE CfState;
static UNICODE_STRING CfDeviceName = RTL_CONSTANT_STRING(L"\\Device\\CtxFlags");
static UNICODE_STRING CfLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\CtxFlags");

static VOID
CfOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

static VOID
CfTeardown(_In_ PCF_STATE State)
{
    if (State->NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(CfOnProcess, TRUE);
        State->NotifyRegistered = FALSE;
    }
    if (State->LinkCreated) {
        IoDeleteSymbolicLink(&CfLinkName);
        State->LinkCreated = FALSE;
    }
    if (State->Device != NULL) {
        IoDeleteDevice(State->Device);
        State->Device = NULL;
    }
    ExFreePoolWithTag(State, CF_TAG);
}

NTSTATUS
CfCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
CfUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CfTeardown(CfState);
    CfState = NULL;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    PCF_STATE state;
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    state = (PCF_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CF_STATE), CF_TAG);
    if (state == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateDevice(DriverObject, 0, &CfDeviceName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (NT_SUCCESS(status)) {
        state->Device = device;
        status = IoCreateSymbolicLink(&CfLinkName, &CfDeviceName);
    }
    if (NT_SUCCESS(status)) {
        state->NotifyRegistered = TRUE;
        status = PsSetCreateProcessNotifyRoutineEx(CfOnProcess, FALSE);
    }
    if (!NT_SUCCESS(status)) {
        CfTeardown(state);
        return status;                                  // expect: DE006
    }
    state->NotifyRegistered = TRUE;
    CfState = state;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CfCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CfCreateClose;
    DriverObject->DriverUnload = CfUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
