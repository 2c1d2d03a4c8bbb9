/*
 * thrprot - strips THREAD_SET_CONTEXT / THREAD_SUSPEND_RESUME from handles
 * other processes open to threads of protected processes (anti-debug toy).
 * PIDs are added with IOCTL_THRPROT_ADD.
 */
#include <ntddk.h>

#define TP_LOG(...) KdPrint(("thrprot: " __VA_ARGS__))
#define IOCTL_THRPROT_ADD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME 0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT 0x0010
#endif

static PVOID g_ObReg = NULL;
static PDEVICE_OBJECT g_TpDev = NULL;
static BOOLEAN g_TpLink = FALSE;
static UNICODE_STRING g_TpDevName = RTL_CONSTANT_STRING(L"\\Device\\ThrProt");
static UNICODE_STRING g_TpLinkName = RTL_CONSTANT_STRING(L"\\??\\ThrProt");
static HANDLE g_Protected[8];

static OB_PREOP_CALLBACK_STATUS TpPreThread(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Ctx);
    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;
    HANDLE owner = PsGetThreadProcessId((PETHREAD)Info->Object);
    if (owner == PsGetCurrentProcessId())
        return OB_PREOP_SUCCESS;
    for (ULONG i = 0; i < ARRAYSIZE(g_Protected); i++) {
        if (g_Protected[i] && g_Protected[i] == owner) {
            ACCESS_MASK strip = THREAD_SET_CONTEXT | THREAD_SUSPEND_RESUME;
            if (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                Info->Parameters->CreateHandleInformation.DesiredAccess &= ~strip;
            else
                Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~strip;
            break;
        }
    }
    return OB_PREOP_SUCCESS;
}

static NTSTATUS TpDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_THRPROT_ADD &&
            sl->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
            HANDLE pid = ULongToHandle(*(PULONG)Irp->AssociatedIrp.SystemBuffer);
            status = STATUS_QUOTA_EXCEEDED;
            for (ULONG i = 0; i < ARRAYSIZE(g_Protected); i++) {
                if (InterlockedCompareExchangePointer(&g_Protected[i], pid, NULL) == NULL) {
                    status = STATUS_SUCCESS;
                    break;
                }
            }
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID TpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ObUnRegisterCallbacks(g_ObReg);
    IoDeleteSymbolicLink(&g_TpLinkName);
    IoDeleteDevice(g_TpDev);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION cb;

    __try {
        status = IoCreateDevice(DriverObject, 0, &g_TpDevName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_TpDev);
        if (!NT_SUCCESS(status)) {
            g_TpDev = NULL;
            return status;            // __finally still runs (nothing to undo yet)
        }

        status = IoCreateSymbolicLink(&g_TpLinkName, &g_TpDevName);
        if (!NT_SUCCESS(status))
            return status;            // __finally deletes the device
        g_TpLink = TRUE;

        RtlZeroMemory(&op, sizeof(op));
        op.ObjectType = PsThreadType;
        op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
        op.PreOperation = TpPreThread;

        RtlZeroMemory(&cb, sizeof(cb));
        cb.Version = OB_FLT_REGISTRATION_VERSION;
        cb.OperationRegistrationCount = 1;
        RtlInitUnicodeString(&cb.Altitude, L"360420");
        cb.OperationRegistration = &op;

        status = ObRegisterCallbacks(&cb, &g_ObReg);
        if (!NT_SUCCESS(status)) {
            TP_LOG("ObRegisterCallbacks 0x%08X\n", status);
            __leave;
        }

        DriverObject->MajorFunction[IRP_MJ_CREATE] = TpDispatch;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = TpDispatch;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TpDispatch;
        DriverObject->DriverUnload = TpUnload;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            if (g_TpLink) {
                IoDeleteSymbolicLink(&g_TpLinkName);
                g_TpLink = FALSE;
            }
            if (g_TpDev) {
                IoDeleteDevice(g_TpDev);
                g_TpDev = NULL;
            }
        }
    }
    return status;
}
