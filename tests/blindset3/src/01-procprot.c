/*
 * ProcProt - tiny process protection driver
 * strips PROCESS_TERMINATE from handles opened to a PID that user mode
 * hands us through an IOCTL. Learning project, use at your own risk.
 */
#include <ntddk.h>

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[ProcProt] " fmt "\n", __VA_ARGS__)

#define IOCTL_PROTECT_PID CTL_CODE(0x8000, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define PROCESS_TERMINATE 0x0001

UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\ProcProt");
UNICODE_STRING g_SymLink = RTL_CONSTANT_STRING(L"\\??\\ProcProt");
PVOID g_RegHandle = NULL;
volatile ULONG g_ProtectedPid = 0;

OB_PREOP_CALLBACK_STATUS
PreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;

    PEPROCESS target = (PEPROCESS)Info->Object;
    ULONG pid = HandleToULong(PsGetProcessId(target));
    if (pid != 0 && pid == g_ProtectedPid) {
        if (Info->Operation == OB_OPERATION_HANDLE_CREATE)
            Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
        else
            Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_PROTECT_PID) {
        if (stack->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
            g_ProtectedPid = *(ULONG*)Irp->AssociatedIrp.SystemBuffer;
            LOG("protecting pid %lu", g_ProtectedPid);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID DriverUnload(PDRIVER_OBJECT DriverObject)
{
    if (g_RegHandle) {
        ObUnRegisterCallbacks(g_RegHandle);
        g_RegHandle = NULL;
    }
    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);
    LOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed 0x%X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_SymLink, &g_DevName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed 0x%X", status);
        IoDeleteDevice(dev);
        return status;
    }

    OB_OPERATION_REGISTRATION op = { 0 };
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreOpenProcess;
    op.PostOperation = NULL;

    OB_CALLBACK_REGISTRATION reg = { 0 };
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"321000");
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = &op;

    status = ObRegisterCallbacks(&reg, &g_RegHandle);
    if (!NT_SUCCESS(status)) {
        LOG("ObRegisterCallbacks failed 0x%X (altitude taken? /INTEGRITYCHECK missing?)", status);
        IoDeleteDevice(dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = DriverUnload;

    LOG("loaded");
    return STATUS_SUCCESS;
}
