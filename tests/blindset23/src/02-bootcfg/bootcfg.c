//
// bootcfg.sys - boot-start driver that snapshots a few settings early in boot
//
// Start type 0 (SERVICE_BOOT_START), group "Boot Bus Extender".
// At DriverEntry time most of the registry is not there yet (only SYSTEM hive),
// so the real work is done from the boot-driver reinitialization callback,
// which runs after all boot drivers have been loaded and their devices started.
//
// User mode can read the snapshot with IOCTL_BOOTCFG_QUERY.
//

#include <ntddk.h>

#define BOOTCFG_TAG         'gfCB'
#define BOOTCFG_DEVICE      L"\\Device\\BootCfg"
#define BOOTCFG_DOSDEVICE   L"\\DosDevices\\BootCfg"

#define IOCTL_BOOTCFG_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _BOOTCFG_SNAPSHOT {
    ULONG         Version;
    ULONG         ReinitCount;
    LARGE_INTEGER DriverEntryTime;
    LARGE_INTEGER ReinitTime;
    ULONG         VerboseLogging;
    ULONG         MaxEntries;
    BOOLEAN       ParametersRead;
} BOOTCFG_SNAPSHOT, *PBOOTCFG_SNAPSHOT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BootCfgUnload;
DRIVER_REINITIALIZE BootCfgReinitialize;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH BootCfgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH BootCfgIoctl;

static UNICODE_STRING   g_ServiceKey;
static BOOTCFG_SNAPSHOT g_Snapshot;
static FAST_MUTEX       g_SnapshotLock;
static PDEVICE_OBJECT   g_Device;

static NTSTATUS
BootCfgReadParameters(
    _In_ PCUNICODE_STRING ServiceKey,
    _Out_ PULONG Verbose,
    _Out_ PULONG MaxEntries
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG verbose = 0;
    ULONG maxEntries = 64;
    ULONG defVerbose = 0;
    ULONG defMax = 64;
    UNICODE_STRING paramsPath;
    NTSTATUS status;

    //
    // ServiceKey + L"\\Parameters"
    //
    paramsPath.Length = 0;
    paramsPath.MaximumLength = ServiceKey->Length + sizeof(L"\\Parameters");
    paramsPath.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, paramsPath.MaximumLength, BOOTCFG_TAG);
    if (paramsPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&paramsPath, ServiceKey);
    RtlAppendUnicodeToString(&paramsPath, L"\\Parameters");

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"VerboseLogging";
    table[0].EntryContext = &verbose;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defVerbose;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"MaxEntries";
    table[1].EntryContext = &maxEntries;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defMax;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    paramsPath.Buffer, table, NULL, NULL);

    ExFreePoolWithTag(paramsPath.Buffer, BOOTCFG_TAG);

    *Verbose = verbose;
    *MaxEntries = maxEntries;
    return status;
}

VOID
BootCfgReinitialize(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_opt_ PVOID Context,
    _In_ ULONG Count
    )
{
    ULONG verbose = 0, maxEntries = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(Context);

    status = BootCfgReadParameters(&g_ServiceKey, &verbose, &maxEntries);

    ExAcquireFastMutex(&g_SnapshotLock);
    g_Snapshot.ReinitCount = Count;
    KeQuerySystemTimePrecise(&g_Snapshot.ReinitTime);
    if (NT_SUCCESS(status)) {
        g_Snapshot.VerboseLogging = verbose;
        g_Snapshot.MaxEntries = maxEntries;
        g_Snapshot.ParametersRead = TRUE;
    }
    ExReleaseFastMutex(&g_SnapshotLock);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "bootcfg: reinit #%lu, params 0x%08X verbose=%lu max=%lu\n",
               Count, status, verbose, maxEntries);
}

NTSTATUS
BootCfgCreateClose(
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

NTSTATUS
BootCfgIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_BOOTCFG_QUERY) {
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(BOOTCFG_SNAPSHOT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ExAcquireFastMutex(&g_SnapshotLock);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Snapshot, sizeof(BOOTCFG_SNAPSHOT));
            ExReleaseFastMutex(&g_SnapshotLock);
            info = sizeof(BOOTCFG_SNAPSHOT);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
BootCfgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName;

    UNREFERENCED_PARAMETER(DriverObject);

    RtlInitUnicodeString(&dosName, BOOTCFG_DOSDEVICE);
    IoDeleteSymbolicLink(&dosName);

    if (g_Device != NULL) {
        IoDeleteDevice(g_Device);
        g_Device = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName, dosName;

    ExInitializeFastMutex(&g_SnapshotLock);
    RtlZeroMemory(&g_Snapshot, sizeof(g_Snapshot));
    g_Snapshot.Version = 1;
    KeQuerySystemTimePrecise(&g_Snapshot.DriverEntryTime);

    // remember where our service key lives, the reinit routine needs it
    g_ServiceKey = *RegistryPath;

    RtlInitUnicodeString(&devName, BOOTCFG_DEVICE);
    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&dosName, BOOTCFG_DOSDEVICE);
    status = IoCreateSymbolicLink(&dosName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "bootcfg: IoCreateSymbolicLink failed 0x%08X\n", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BootCfgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BootCfgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BootCfgIoctl;
    DriverObject->DriverUnload = BootCfgUnload;

    IoRegisterBootDriverReinitialization(DriverObject, BootCfgReinitialize, NULL);

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}
