/*
 * stagearg.c - a legacy WDM driver of a serial bridge whose DriverEntry
 * records in g_Bridge.Stage the last step that succeeded, through helpers
 * given &g_Bridge. One teardown routine is given the state and the stage to
 * undo from (`BrTeardown(&g_Bridge, g_Bridge.Stage)`), by the failure path
 * and by the unload routine; it switches on that parameter and falls
 * through from the last stage down, in the version that forgets the link.
 *
 * BUG (DE006, DE011): no case deletes the symbolic link: after unload, or
 * when the notify routine cannot be registered, \DosDevices\SerBridge stays
 * and the next load fails with STATUS_OBJECT_NAME_COLLISION.
 */

#include <ntddk.h>

typedef enum _BR_STAGE {
    BrStageNone = 0,
    BrStageLookaside,
    BrStageDevice,
    BrStageLink,
    BrStageNotify
} BR_STAGE;

typedef struct _BR_STATE {
    BR_STAGE Stage;
    PDEVICE_OBJECT Device;
    NPAGED_LOOKASIDE_LIST Frames;
} BR_STATE, *PBR_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BrUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH BrCreateClose;

static BR_STATE g_Bridge;
static UNICODE_STRING g_BrDeviceName = RTL_CONSTANT_STRING(L"\\Device\\SerBridge");
static UNICODE_STRING g_BrLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\SerBridge");

static VOID
BrProcessNotify(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

NTSTATUS
BrCreateClose(
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

static NTSTATUS
BrCreateDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _Inout_ PBR_STATE State
    )
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &g_BrDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &State->Device);
    if (!NT_SUCCESS(status)) {
        State->Device = NULL;
        return status;
    }
    State->Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
BrTeardown(
    _Inout_ PBR_STATE State,
    _In_ BR_STAGE Stage
    )
{
    switch (Stage) {
    case BrStageNotify:
        PsSetCreateProcessNotifyRoutine(BrProcessNotify, TRUE);
        /* fall through */
    case BrStageLink:
        /* fall through */
    case BrStageDevice:
        IoDeleteDevice(State->Device);
        State->Device = NULL;
        /* fall through */
    case BrStageLookaside:
        ExDeleteNPagedLookasideList(&State->Frames);
        /* fall through */
    case BrStageNone:
    default:
        break;
    }
    State->Stage = BrStageNone;
}

VOID
BrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    BrTeardown(&g_Bridge, g_Bridge.Stage);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BrCreateClose;

    ExInitializeNPagedLookasideList(&g_Bridge.Frames, NULL, NULL, POOL_NX_ALLOCATION, 256, 'rBrS', 0);
    g_Bridge.Stage = BrStageLookaside;

    status = BrCreateDevice(DriverObject, &g_Bridge);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    g_Bridge.Stage = BrStageDevice;

    status = IoCreateSymbolicLink(&g_BrLinkName, &g_BrDeviceName);       // expect: DE011
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    g_Bridge.Stage = BrStageLink;

    status = PsSetCreateProcessNotifyRoutine(BrProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    g_Bridge.Stage = BrStageNotify;

    DriverObject->DriverUnload = BrUnload;
    return STATUS_SUCCESS;

Fail:
    BrTeardown(&g_Bridge, g_Bridge.Stage);
    return status;                                      // expect: DE006
}
