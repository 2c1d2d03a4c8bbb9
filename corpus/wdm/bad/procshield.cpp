/*
 * procshield.cpp - C++ legacy WDM driver that strips PROCESS_TERMINATE from
 * handles opened to the processes it protects: process-handle object callbacks
 * (ObRegisterCallbacks), a control device and its symbolic link. The steps run
 * in a do { } while (false) block that breaks on the first failure; one block
 * after it undoes what was done, testing each handle.
 *
 * BUG (DE006): the failure block passes &g_Shield.RegHandle, the address of
 * the handle, to ObUnRegisterCallbacks, which takes the handle itself (PVOID):
 * the callbacks stay registered when the device or the link cannot be created,
 * and PsPreOpenProcess runs after the image is gone.
 *
 */

#include <ntddk.h>

#define PS_PREFIX "procshield: "
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE 0x0001
#endif

struct ShieldGlobals {
    PVOID RegHandle;
    ULONG Protected;

    void Init() {
        RegHandle = nullptr;
        Protected = 0;
    }
};

static ShieldGlobals g_Shield;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PsCreateClose;
OB_PRE_OPERATION_CALLBACK PsPreOpenProcess;

_Use_decl_annotations_
OB_PREOP_CALLBACK_STATUS
PsPreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);
    if (Info->KernelHandle == 0 && g_Shield.Protected != 0) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
    }
    return OB_PREOP_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
PsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
void
PsUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING symName = RTL_CONSTANT_STRING(L"\\??\\ProcShield");
    ObUnRegisterCallbacks(g_Shield.RegHandle);
    IoDeleteSymbolicLink(&symName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

extern "C"
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);
    g_Shield.Init();

    OB_OPERATION_REGISTRATION operations[] = {
        { PsProcessType, OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE, PsPreOpenProcess, nullptr }
    };
    OB_CALLBACK_REGISTRATION reg = {
        OB_FLT_REGISTRATION_VERSION, 1, RTL_CONSTANT_STRING(L"321544.5"), nullptr, operations
    };

    auto status = STATUS_SUCCESS;
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcShield");
    UNICODE_STRING symName = RTL_CONSTANT_STRING(L"\\??\\ProcShield");
    PDEVICE_OBJECT DeviceObject = nullptr;

    do {
        status = ObRegisterCallbacks(&reg, &g_Shield.RegHandle);
        if (!NT_SUCCESS(status)) {
            KdPrint((PS_PREFIX "ObRegisterCallbacks failed (0x%08X)\n", status));
            break;
        }

        status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN, 0, FALSE, &DeviceObject);
        if (!NT_SUCCESS(status)) {
            KdPrint((PS_PREFIX "IoCreateDevice failed (0x%08X)\n", status));
            break;
        }

        status = IoCreateSymbolicLink(&symName, &deviceName);
        if (!NT_SUCCESS(status)) {
            KdPrint((PS_PREFIX "IoCreateSymbolicLink failed (0x%08X)\n", status));
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (DeviceObject)
            IoDeleteDevice(DeviceObject);
        if (g_Shield.RegHandle)
            ObUnRegisterCallbacks(&g_Shield.RegHandle);
        return status;                                  // expect: DE006
    }

    DriverObject->DriverUnload = PsUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DriverObject->MajorFunction[IRP_MJ_CLOSE] = PsCreateClose;
    return status;
}
