// Guardian - small "EDR-like" playground
//   * process creation log (PsSetCreateProcessNotifyRoutineEx)
//   * thread handle access stripping for a protected pid (ObRegisterCallbacks)
//   * control device to set the protected pid
// Unload routine checks what was set up so it can also be used when init fails.

#include <ntddk.h>

#define THREAD_TERMINATE_ACCESS 0x0001
#define IOCTL_GUARD_SET_PID CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_ANY_ACCESS)

static struct {
    PDEVICE_OBJECT Device;
    BOOLEAN        LinkCreated;
    BOOLEAN        ProcNotify;
    PVOID          ObHandle;
    volatile ULONG ProtectedPid;
} G;

static UNICODE_STRING GuardDevName = RTL_CONSTANT_STRING(L"\\Device\\Guardian");
static UNICODE_STRING GuardLinkName = RTL_CONSTANT_STRING(L"\\??\\Guardian");

static VOID GuardProcNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo && CreateInfo->ImageFileName)
        DbgPrint("Guardian: new process %p (%wZ)\n", ProcessId, CreateInfo->ImageFileName);
    else if (HandleToULong(ProcessId) == G.ProtectedPid)
        G.ProtectedPid = 0;
}

static OB_PREOP_CALLBACK_STATUS GuardPreThread(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info)
{
    PETHREAD thread = (PETHREAD)Info->Object;
    UNREFERENCED_PARAMETER(Ctx);

    if (!Info->KernelHandle && G.ProtectedPid != 0 &&
        HandleToULong(PsGetThreadProcessId(thread)) == G.ProtectedPid &&
        Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~THREAD_TERMINATE_ACCESS;
    }
    return OB_PREOP_SUCCESS;
}

static NTSTATUS GuardDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_GUARD_SET_PID &&
            sp->Parameters.DeviceIoControl.InputBufferLength == sizeof(ULONG)) {
            G.ProtectedPid = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        } else {
            status = STATUS_INVALID_PARAMETER;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID GuardUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (G.ObHandle) {
        ObUnRegisterCallbacks(G.ObHandle);
        G.ObHandle = NULL;
    }
    if (G.ProcNotify) {
        PsSetCreateProcessNotifyRoutineEx(GuardProcNotify, TRUE);
        G.ProcNotify = FALSE;
    }
    if (G.LinkCreated) {
        IoDeleteSymbolicLink(&GuardLinkName);
        G.LinkCreated = FALSE;
    }
    if (G.Device) {
        IoDeleteDevice(G.Device);
        G.Device = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev;
    OB_OPERATION_REGISTRATION op = { 0 };
    OB_CALLBACK_REGISTRATION reg = { 0 };

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&G, sizeof(G));

    status = IoCreateDevice(DriverObject, 0, &GuardDevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status))
        goto failed;
    G.Device = dev;
    dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&GuardLinkName, &GuardDevName);
    if (!NT_SUCCESS(status))
        goto failed;
    G.LinkCreated = TRUE;

    status = PsSetCreateProcessNotifyRoutineEx(GuardProcNotify, FALSE);
    if (!NT_SUCCESS(status))
        goto failed;
    G.ProcNotify = TRUE;

    op.ObjectType = PsThreadType;
    op.Operations = OB_OPERATION_HANDLE_CREATE;
    op.PreOperation = GuardPreThread;
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"328765");
    reg.OperationRegistration = &op;

    status = ObRegisterCallbacks(&reg, &G.ObHandle);
    if (!NT_SUCCESS(status)) {
        G.ObHandle = NULL;
        goto failed;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GuardDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GuardDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GuardDispatch;
    DriverObject->DriverUnload = GuardUnload;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

failed:
    DbgPrint("Guardian: init failed 0x%08X\n", status);
    GuardUnload(DriverObject);
    return status;
}
