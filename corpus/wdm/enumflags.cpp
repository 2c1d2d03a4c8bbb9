// A control-device driver in C++ whose setup steps are bits of a plain enum
// given the system's operators by DEFINE_ENUM_FLAG_OPERATORS: `|=` marks a
// step, `&= ~` forgets it, and one cleanup routine, shared by DriverEntry's
// failure paths and the unload routine, undoes the steps marked.
#include <ntddk.h>

typedef enum _SETUP_STEPS {
    SetupNone   = 0,
    SetupDevice = 0x1,
    SetupLink   = 0x2,
    SetupNotify = 0x4,
} SETUP_STEPS;
DEFINE_ENUM_FLAG_OPERATORS(SETUP_STEPS)

static struct {
    SETUP_STEPS Steps;
    PDEVICE_OBJECT Device;
} g_Ctl;

static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\StepCtl");

static DRIVER_UNLOAD CtlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH CtlCreateClose;

static VOID CtlOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

static VOID CtlCleanup()
{
    if (g_Ctl.Steps & SetupNotify) {
        PsSetCreateProcessNotifyRoutineEx(CtlOnProcess, TRUE);
        g_Ctl.Steps &= ~SetupNotify;
    }
    if (g_Ctl.Steps & SetupLink) {
        IoDeleteSymbolicLink(&g_LinkName);
        g_Ctl.Steps &= ~SetupLink;
    }
    if (g_Ctl.Steps & SetupDevice) {
        IoDeleteDevice(g_Ctl.Device);
        g_Ctl.Device = NULL;
        g_Ctl.Steps &= ~SetupDevice;
    }
}

_Use_decl_annotations_
static NTSTATUS CtlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
static VOID CtlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CtlCleanup();
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\StepCtl");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtlCreateClose;
    DriverObject->DriverUnload = CtlUnload;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_Ctl.Device);
    if (!NT_SUCCESS(status))
        return status;
    g_Ctl.Steps |= SetupDevice;

    status = IoCreateSymbolicLink(&g_LinkName, &name);
    if (!NT_SUCCESS(status)) {
        CtlCleanup();
        return status;
    }
    g_Ctl.Steps |= SetupLink;

    status = PsSetCreateProcessNotifyRoutineEx(CtlOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        CtlCleanup();
        return status;
    }
    g_Ctl.Steps |= SetupNotify;

    g_Ctl.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
