/*
 * kvstore.c - tiny persistent key/DWORD store in the kernel
 *
 * Values live in a fixed table guarded by a KMUTEX.  On shutdown (and on
 * unload) the table is written to <service key>\Parameters as REG_DWORDs,
 * and read back from there at load time.
 *
 * Written with MSVC structured exception handling (__try/__finally,
 * __leave) instead of goto for the cleanup paths.
 */
#include <ntddk.h>

#define KV_TAG              'SvKk'
#define KV_MAX_ENTRIES      32
#define KV_NAME_CHARS       32
#define KV_DEVICE_NAME      L"\\Device\\KvStore"
#define KV_LINK_NAME        L"\\DosDevices\\KvStore"
#define KV_PARAMS_SUFFIX    L"\\Parameters"

#define IOCTL_KV_SET        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KV_GET        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C1, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KV_DELETE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C2, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _KV_ENTRY {
    WCHAR Name[KV_NAME_CHARS];      /* NUL terminated, empty = free */
    ULONG Value;
} KV_ENTRY, *PKV_ENTRY;

typedef struct _KV_GLOBALS {
    PDEVICE_OBJECT Device;
    KMUTEX         Mutex;
    PKV_ENTRY      Table;
    UNICODE_STRING ParamsPath;      /* owned copy: <RegistryPath>\Parameters */
    BOOLEAN        Dirty;
} KV_GLOBALS;

static KV_GLOBALS g_Kv;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KvUnload;
static DRIVER_DISPATCH KvCreateClose;
static DRIVER_DISPATCH KvDeviceControl;
static DRIVER_DISPATCH KvShutdown;

static VOID
KvLock(VOID)
{
    KeWaitForSingleObject(&g_Kv.Mutex, Executive, KernelMode, FALSE, NULL);
}

static VOID
KvUnlock(VOID)
{
    KeReleaseMutex(&g_Kv.Mutex, FALSE);
}

static PKV_ENTRY
KvFindLocked(_In_z_ PCWSTR Name)
{
    ULONG i;

    for (i = 0; i < KV_MAX_ENTRIES; i++) {
        if (g_Kv.Table[i].Name[0] != L'\0' && _wcsicmp(g_Kv.Table[i].Name, Name) == 0) {
            return &g_Kv.Table[i];
        }
    }
    return NULL;
}

static NTSTATUS
KvSetLocked(_In_z_ PCWSTR Name, _In_ ULONG Value)
{
    PKV_ENTRY entry = KvFindLocked(Name);
    ULONG i;

    if (entry == NULL) {
        for (i = 0; i < KV_MAX_ENTRIES && entry == NULL; i++) {
            if (g_Kv.Table[i].Name[0] == L'\0') {
                entry = &g_Kv.Table[i];
            }
        }
        if (entry == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        RtlCopyMemory(entry->Name, Name, (wcslen(Name) + 1) * sizeof(WCHAR));
    }
    entry->Value = Value;
    g_Kv.Dirty = TRUE;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI
KvQueryRoutine(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength,
               PVOID Context, PVOID EntryContext)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);

    if (ValueType == REG_DWORD && ValueLength == sizeof(ULONG) &&
        ValueName != NULL && wcslen(ValueName) < KV_NAME_CHARS) {
        KvSetLocked(ValueName, *(PULONG)ValueData);
    }
    return STATUS_SUCCESS;
}

static VOID
KvLoad(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];

    RtlZeroMemory(table, sizeof(table));
    table[0].QueryRoutine = KvQueryRoutine;
    table[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;

    KvLock();
    __try {
        RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                               g_Kv.ParamsPath.Buffer, table, NULL, NULL);
        g_Kv.Dirty = FALSE;
    }
    __finally {
        KvUnlock();
    }
}

static VOID
KvPersist(VOID)
{
    ULONG i;

    KvLock();
    __try {
        if (!g_Kv.Dirty) {
            __leave;
        }
        if (!NT_SUCCESS(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, g_Kv.ParamsPath.Buffer))) {
            __leave;
        }
        for (i = 0; i < KV_MAX_ENTRIES; i++) {
            if (g_Kv.Table[i].Name[0] != L'\0') {
                RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Kv.ParamsPath.Buffer, g_Kv.Table[i].Name,
                                      REG_DWORD, &g_Kv.Table[i].Value, sizeof(ULONG));
            }
        }
        g_Kv.Dirty = FALSE;
    }
    __finally {
        KvUnlock();
    }
}

static NTSTATUS
KvCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
KvShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    KvPersist();
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
KvDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PKV_ENTRY io = (PKV_ENTRY)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PKV_ENTRY entry;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(KV_ENTRY)) {
        status = STATUS_BUFFER_TOO_SMALL;
        goto Complete;
    }
    io->Name[KV_NAME_CHARS - 1] = L'\0';
    if (io->Name[0] == L'\0') {
        status = STATUS_INVALID_PARAMETER;
        goto Complete;
    }

    KvLock();
    __try {
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_KV_SET:
            status = KvSetLocked(io->Name, io->Value);
            break;

        case IOCTL_KV_GET:
            entry = KvFindLocked(io->Name);
            if (entry == NULL) {
                status = STATUS_NOT_FOUND;
            } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KV_ENTRY)) {
                status = STATUS_BUFFER_TOO_SMALL;
            } else {
                io->Value = entry->Value;
                info = sizeof(KV_ENTRY);
            }
            break;

        case IOCTL_KV_DELETE:
            entry = KvFindLocked(io->Name);
            if (entry == NULL) {
                status = STATUS_NOT_FOUND;
            } else {
                RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Kv.ParamsPath.Buffer, entry->Name);
                RtlZeroMemory(entry, sizeof(*entry));
            }
            break;

        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }
    __finally {
        KvUnlock();
    }

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
KvUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KV_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    IoUnregisterShutdownNotification(g_Kv.Device);
    KvPersist();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Kv.Device);
    g_Kv.Device = NULL;

    ExFreePoolWithTag(g_Kv.Table, KV_TAG);
    g_Kv.Table = NULL;
    ExFreePoolWithTag(g_Kv.ParamsPath.Buffer, KV_TAG);
    RtlZeroMemory(&g_Kv.ParamsPath, sizeof(g_Kv.ParamsPath));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(KV_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KV_LINK_NAME);
    PDEVICE_OBJECT device = NULL;
    BOOLEAN linkCreated = FALSE;
    BOOLEAN shutdownRegistered = FALSE;
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    USHORT pathBytes;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KvDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = KvShutdown;
    DriverObject->DriverUnload = KvUnload;

    RtlZeroMemory(&g_Kv, sizeof(g_Kv));
    KeInitializeMutex(&g_Kv.Mutex, 0);

    __try {
        pathBytes = RegistryPath->Length + sizeof(KV_PARAMS_SUFFIX);     /* suffix size includes the NUL */
        g_Kv.ParamsPath.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, pathBytes, KV_TAG);
        if (g_Kv.ParamsPath.Buffer == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }
        RtlZeroMemory(g_Kv.ParamsPath.Buffer, pathBytes);
        g_Kv.ParamsPath.Length = 0;
        g_Kv.ParamsPath.MaximumLength = pathBytes;
        RtlCopyUnicodeString(&g_Kv.ParamsPath, RegistryPath);
        status = RtlAppendUnicodeToString(&g_Kv.ParamsPath, KV_PARAMS_SUFFIX);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        g_Kv.Table = (PKV_ENTRY)ExAllocatePoolWithTag(PagedPool, KV_MAX_ENTRIES * sizeof(KV_ENTRY), KV_TAG);
        if (g_Kv.Table == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }
        RtlZeroMemory(g_Kv.Table, KV_MAX_ENTRIES * sizeof(KV_ENTRY));

        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &device);
        if (!NT_SUCCESS(status)) {
            device = NULL;
            __leave;
        }
        device->Flags |= DO_BUFFERED_IO;
        g_Kv.Device = device;

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        linkCreated = TRUE;

        status = IoRegisterShutdownNotification(device);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        shutdownRegistered = TRUE;

        KvLoad();
        device->Flags &= ~DO_DEVICE_INITIALIZING;
        status = STATUS_SUCCESS;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            KdPrint(("kvstore: init failed 0x%08X\n", status));
            DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
            if (shutdownRegistered) {
                IoUnregisterShutdownNotification(device);
            }
            if (linkCreated) {
                IoDeleteSymbolicLink(&linkName);
            }
            if (device != NULL) {
                IoDeleteDevice(device);
                g_Kv.Device = NULL;
            }
            if (g_Kv.Table != NULL) {
                ExFreePoolWithTag(g_Kv.Table, KV_TAG);
                g_Kv.Table = NULL;
            }
            if (g_Kv.ParamsPath.Buffer != NULL) {
                ExFreePoolWithTag(g_Kv.ParamsPath.Buffer, KV_TAG);
                RtlZeroMemory(&g_Kv.ParamsPath, sizeof(g_Kv.ParamsPath));
            }
        }
    }

    return status;
}
