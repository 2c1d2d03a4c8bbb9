/*
 * memview.c
 *
 *  Process inspector driver: give it a PID, get back the image path and
 *  creation time even for protected processes that OpenProcess refuses.
 *  Also a tiny "system info" ioctl. Scratch buffers come from a lookaside
 *  list because the image path buffer is big.
 */
#include <ntifs.h>
#include <ntddk.h>

#define MV_TAG          'weiV'
#define MV_DEVICE       L"\\Device\\MemView"
#define MV_LINK         L"\\DosDevices\\MemView"
#define MV_PATH_CHARS   520

#define IOCTL_MV_PROCINFO   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8E0, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_MV_SYSINFO    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8E1, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _MV_PROCINFO {
    ULONG       ProcessId;
    ULONG       PathLength;                 /* bytes */
    LONGLONG    CreateTime;
    WCHAR       ImagePath[MV_PATH_CHARS];
} MV_PROCINFO, *PMV_PROCINFO;

typedef struct _MV_SYSINFO {
    ULONG       ProcessorCount;
    ULONG       TimeIncrement;
    ULONGLONG   InterruptTime;
} MV_SYSINFO, *PMV_SYSINFO;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MvUnload;
DRIVER_DISPATCH MvCreateClose;
DRIVER_DISPATCH MvDeviceControl;

static LOOKASIDE_LIST_EX g_Lookaside;
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(MV_LINK);

static NTSTATUS
MvQueryProcess(ULONG Pid, PMV_PROCINFO Out)
{
    NTSTATUS status;
    PEPROCESS process = NULL;
    PUNICODE_STRING imageName = NULL;
    USHORT cb;

    status = PsLookupProcessByProcessId(ULongToHandle(Pid), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Out->ProcessId = Pid;
    Out->CreateTime = PsGetProcessCreateTimeQuadPart(process);

    status = SeLocateProcessImageName(process, &imageName);
    if (NT_SUCCESS(status)) {
        cb = imageName->Length;
        if (cb > sizeof(Out->ImagePath) - sizeof(WCHAR)) {
            cb = sizeof(Out->ImagePath) - sizeof(WCHAR);
        }
        RtlCopyMemory(Out->ImagePath, imageName->Buffer, cb);
        Out->ImagePath[cb / sizeof(WCHAR)] = L'\0';
        Out->PathLength = cb;
        ExFreePool(imageName);
    } else {
        /* System and Registry have no image, that's ok */
        Out->PathLength = 0;
        status = STATUS_SUCCESS;
    }

    ObDereferenceObject(process);
    return status;
}

NTSTATUS
MvCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
MvDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID sysBuf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (code == IOCTL_MV_PROCINFO) {
        if (inLen < sizeof(ULONG) || outLen < sizeof(MV_PROCINFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PMV_PROCINFO scratch = (PMV_PROCINFO)ExAllocateFromLookasideListEx(&g_Lookaside);
            if (scratch == NULL) {
                status = STATUS_INSUFFICIENT_RESOURCES;
            } else {
                RtlZeroMemory(scratch, sizeof(MV_PROCINFO));
                status = MvQueryProcess(*(PULONG)sysBuf, scratch);
                if (NT_SUCCESS(status)) {
                    RtlCopyMemory(sysBuf, scratch, sizeof(MV_PROCINFO));
                    info = sizeof(MV_PROCINFO);
                }
                ExFreeToLookasideListEx(&g_Lookaside, scratch);
            }
        }
    } else if (code == IOCTL_MV_SYSINFO) {
        if (outLen < sizeof(MV_SYSINFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PMV_SYSINFO si = (PMV_SYSINFO)sysBuf;
            si->ProcessorCount = KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);
            si->TimeIncrement = KeQueryTimeIncrement();
            si->InterruptTime = KeQueryInterruptTime();
            info = sizeof(MV_SYSINFO);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
MvUnload(PDRIVER_OBJECT DriverObject)
{
    ExDeleteLookasideListEx(&g_Lookaside);
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    DbgPrint("memview: unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(MV_DEVICE);

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (NT_SUCCESS(status)) {
        status = IoCreateSymbolicLink(&g_LinkName, &devName);
        if (NT_SUCCESS(status)) {
            status = ExInitializeLookasideListEx(&g_Lookaside, NULL, NULL, NonPagedPoolNx,
                                                 0, sizeof(MV_PROCINFO), MV_TAG, 0);
            if (NT_SUCCESS(status)) {
                DriverObject->MajorFunction[IRP_MJ_CREATE] = MvCreateClose;
                DriverObject->MajorFunction[IRP_MJ_CLOSE] = MvCreateClose;
                DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MvDeviceControl;
                DriverObject->DriverUnload = MvUnload;

                deviceObject->Flags |= DO_BUFFERED_IO;
                deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

                DbgPrint("memview: loaded\n");
                return STATUS_SUCCESS;
            }
            DbgPrint("memview: ExInitializeLookasideListEx 0x%x\n", status);
            IoDeleteSymbolicLink(&g_LinkName);
        } else {
            DbgPrint("memview: IoCreateSymbolicLink 0x%x\n", status);
        }
        IoDeleteDevice(deviceObject);
    } else {
        DbgPrint("memview: IoCreateDevice 0x%x\n", status);
    }

    return status;
}
