// ProtectProc: strips PROCESS_TERMINATE from handles opened to a
// process whose pid is set through an IOCTL. Learning ObRegisterCallbacks.

#include <ntddk.h>

#define PROCESS_TERMINATE 0x0001
#define IOCTL_PROTECT_PID CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

PVOID g_ObHandle = NULL;
volatile ULONG g_ProtectedPid = 0;
PDEVICE_OBJECT g_Device = NULL;
UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\ProtectProc");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\ProtectProc");

OB_PREOP_CALLBACK_STATUS PreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;

    if (g_ProtectedPid != 0 &&
        HandleToULong(PsGetProcessId((PEPROCESS)Info->Object)) == g_ProtectedPid) {
        if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
            Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
        } else {
            Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
        }
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
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PROTECT_PID) {
        if (sp->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
            g_ProtectedPid = *(ULONG*)Irp->AssociatedIrp.SystemBuffer;
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

VOID ProtectUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    g_ProtectedPid = 0;
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    KdPrint(("ProtectProc: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    OB_OPERATION_REGISTRATION opReg;
    OB_CALLBACK_REGISTRATION cbReg;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);
    if (NT_SUCCESS(status)) {
        status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
        if (NT_SUCCESS(status)) {
            RtlZeroMemory(&opReg, sizeof(opReg));
            opReg.ObjectType = PsProcessType;
            opReg.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
            opReg.PreOperation = PreOpenProcess;
            opReg.PostOperation = NULL;

            RtlZeroMemory(&cbReg, sizeof(cbReg));
            cbReg.Version = OB_FLT_REGISTRATION_VERSION;
            cbReg.OperationRegistrationCount = 1;
            RtlInitUnicodeString(&cbReg.Altitude, L"321000");
            cbReg.RegistrationContext = NULL;
            cbReg.OperationRegistration = &opReg;

            status = ObRegisterCallbacks(&cbReg, &g_ObHandle);
            if (!NT_SUCCESS(status)) {
                KdPrint(("ProtectProc: ObRegisterCallbacks 0x%X\n", status));
                IoDeleteSymbolicLink(&g_LinkName);
                IoDeleteDevice(g_Device);
            }
        } else {
            IoDeleteDevice(g_Device);
        }
    }

    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
        DriverObject->DriverUnload = ProtectUnload;
    }
    return status;
}
