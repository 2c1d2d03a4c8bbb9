/*
 * regaudit - records the last N registry key creations (name only) and lets
 * an admin tool fetch them through \\.\RegAudit. Uses IF_FAIL_GOTO macros.
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define RA_TAG   'duAR'
#define RA_SLOTS 64
#define IOCTL_RA_FETCH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IF_FAIL_GOTO(st, label, what) \
    do { if (!NT_SUCCESS(st)) { DbgPrint("regaudit: %s failed 0x%08X\n", what, st); goto label; } } while (0)
#define CHECK_ALLOC(p, st, label) \
    do { if ((p) == NULL) { (st) = STATUS_INSUFFICIENT_RESOURCES; goto label; } } while (0)

typedef struct _RA_SLOT { WCHAR Name[128]; } RA_SLOT;

static ERESOURCE      g_RaLock;
static RA_SLOT*       g_RaSlots = NULL;
static ULONG          g_RaNext = 0;
static LARGE_INTEGER  g_RaCookie;
static PDEVICE_OBJECT g_RaDevice = NULL;
static UNICODE_STRING g_RaDevName = RTL_CONSTANT_STRING(L"\\Device\\RegAudit");
static UNICODE_STRING g_RaLinkName = RTL_CONSTANT_STRING(L"\\??\\RegAudit");

static NTSTATUS RaRegistryCallback(PVOID Ctx, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Ctx);
    if ((REG_NOTIFY_CLASS)(ULONG_PTR)Arg1 != RegNtPostCreateKeyEx)
        return STATUS_SUCCESS;
    PREG_POST_OPERATION_INFORMATION post = (PREG_POST_OPERATION_INFORMATION)Arg2;
    if (!NT_SUCCESS(post->Status) || post->PreInformation == NULL)
        return STATUS_SUCCESS;
    PREG_CREATE_KEY_INFORMATION pre = (PREG_CREATE_KEY_INFORMATION)post->PreInformation;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_RaLock, TRUE);
    RtlStringCbCopyUnicodeString(g_RaSlots[g_RaNext].Name, sizeof(g_RaSlots[0].Name), pre->CompleteName);
    g_RaNext = (g_RaNext + 1) % RA_SLOTS;
    ExReleaseResourceLite(&g_RaLock);
    KeLeaveCriticalRegion();
    return STATUS_SUCCESS;
}

static NTSTATUS RaDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_RA_FETCH) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RA_SLOT) * RA_SLOTS) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            KeEnterCriticalRegion();
            ExAcquireResourceSharedLite(&g_RaLock, TRUE);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_RaSlots, sizeof(RA_SLOT) * RA_SLOTS);
            ExReleaseResourceLite(&g_RaLock);
            KeLeaveCriticalRegion();
            info = sizeof(RA_SLOT) * RA_SLOTS;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID RaUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(g_RaCookie);
    IoDeleteSymbolicLink(&g_RaLinkName);
    IoDeleteDevice(g_RaDevice);
    ExDeleteResourceLite(&g_RaLock);
    ExFreePoolWithTag(g_RaSlots, RA_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385210");

    g_RaSlots = (RA_SLOT*)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RA_SLOT) * RA_SLOTS, RA_TAG);
    CHECK_ALLOC(g_RaSlots, status, out);

    status = ExInitializeResourceLite(&g_RaLock);
    IF_FAIL_GOTO(status, free_slots, "ExInitializeResourceLite");

    status = IoCreateDevice(DriverObject, 0, &g_RaDevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_RaDevice);
    IF_FAIL_GOTO(status, delete_lock, "IoCreateDevice");

    status = IoCreateSymbolicLink(&g_RaLinkName, &g_RaDevName);
    IF_FAIL_GOTO(status, delete_device, "IoCreateSymbolicLink");

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RaDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RaDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RaDispatch;

    status = CmRegisterCallbackEx(RaRegistryCallback, &altitude, DriverObject, NULL, &g_RaCookie, NULL);
    IF_FAIL_GOTO(status, delete_link, "CmRegisterCallbackEx");

    DriverObject->DriverUnload = RaUnload;
    return STATUS_SUCCESS;

delete_link:
    IoDeleteSymbolicLink(&g_RaLinkName);
delete_device:
    IoDeleteDevice(g_RaDevice);
    g_RaDevice = NULL;
delete_lock:
    ExDeleteResourceLite(&g_RaLock);
free_slots:
    ExFreePoolWithTag(g_RaSlots, RA_TAG);
    g_RaSlots = NULL;
out:
    return status;
}
