/*
 * RegWatch.c
 *
 * Registry monitor / self-protection toy.  Counts set/delete operations
 * system-wide via a CmRegisterCallbackEx filter and refuses user-mode
 * writes to the driver's own service key unless the calling process is
 * listed in the "ExcludedProcesses" REG_MULTI_SZ value of that key.
 *
 * IOCTLs: RW_IOCTL_GET_STATS, RW_IOCTL_RELOAD (re-read ExcludedProcesses).
 */
#include <ntifs.h>
#include <ntddk.h>

#define RW_TAG              'hWgR'
#define RW_DEVICE_NAME      L"\\Device\\RegWatch"
#define RW_LINK_NAME        L"\\??\\RegWatch"
#define RW_ALTITUDE         L"385210"

#define RW_IOCTL_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define RW_IOCTL_RELOAD     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _RW_STATS {
    LONG SetValue;
    LONG DeleteValue;
    LONG DeleteKey;
    LONG RenameKey;
    LONG Blocked;
} RW_STATS, *PRW_STATS;

NTKERNELAPI PCHAR PsGetProcessImageFileName(_In_ PEPROCESS Process);

static PDEVICE_OBJECT   g_DeviceObject;
static UNICODE_STRING   g_ServiceKey;
static LARGE_INTEGER    g_CallbackCookie;
static FAST_MUTEX       g_ExclusionLock;
static PWCHAR           g_Exclusions;          /* MULTI_SZ, owned */
static RW_STATS         g_Stats;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RegWatchUnload;
static DRIVER_DISPATCH RegWatchCreateClose;
static DRIVER_DISPATCH RegWatchDeviceControl;
static EX_CALLBACK_FUNCTION RegWatchCallback;

static NTSTATUS
RwLoadExclusions(_In_ PCUNICODE_STRING KeyPath)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING ValueName = RTL_CONSTANT_STRING(L"ExcludedProcesses");
    HANDLE KeyHandle = NULL;
    PKEY_VALUE_PARTIAL_INFORMATION Info = NULL;
    ULONG Needed = 0;
    PWCHAR NewList = NULL;
    PWCHAR OldList;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, (PUNICODE_STRING)KeyPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwOpenKey(&KeyHandle, KEY_READ, &Attributes);
    if (!NT_SUCCESS(Status)) {
        return Status;
    }

    Status = ZwQueryValueKey(KeyHandle, &ValueName, KeyValuePartialInformation, NULL, 0, &Needed);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND) {
        /* nothing configured: no exclusions */
        Status = STATUS_SUCCESS;
        goto Swap;
    }
    if (Status != STATUS_BUFFER_TOO_SMALL && Status != STATUS_BUFFER_OVERFLOW) {
        goto Done;
    }

    Info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolWithTag(PagedPool, Needed, RW_TAG);
    if (Info == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Done;
    }

    Status = ZwQueryValueKey(KeyHandle, &ValueName, KeyValuePartialInformation, Info, Needed, &Needed);
    if (!NT_SUCCESS(Status)) {
        goto Done;
    }
    if (Info->Type != REG_MULTI_SZ || Info->DataLength < 2 * sizeof(WCHAR)) {
        Status = STATUS_SUCCESS;
        goto Swap;
    }

    NewList = (PWCHAR)ExAllocatePoolWithTag(PagedPool, Info->DataLength + 2 * sizeof(WCHAR), RW_TAG);
    if (NewList == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Done;
    }
    RtlZeroMemory(NewList, Info->DataLength + 2 * sizeof(WCHAR));
    RtlCopyMemory(NewList, Info->Data, Info->DataLength);

Swap:
    ExAcquireFastMutex(&g_ExclusionLock);
    OldList = g_Exclusions;
    g_Exclusions = NewList;
    ExReleaseFastMutex(&g_ExclusionLock);
    if (OldList != NULL) {
        ExFreePoolWithTag(OldList, RW_TAG);
    }

Done:
    if (Info != NULL) {
        ExFreePoolWithTag(Info, RW_TAG);
    }
    ZwClose(KeyHandle);
    return Status;
}

static BOOLEAN
RwNameMatches(_In_z_ PCWSTR Wide, _In_z_ PCSTR Narrow)
{
    while (*Wide != L'\0' && *Narrow != '\0') {
        if (RtlUpcaseUnicodeChar(*Wide) != RtlUpcaseUnicodeChar((WCHAR)(UCHAR)*Narrow)) {
            return FALSE;
        }
        Wide++;
        Narrow++;
    }
    return (*Wide == L'\0' && *Narrow == '\0');
}

static BOOLEAN
RwIsCallerExcluded(VOID)
{
    PCSTR Image = PsGetProcessImageFileName(PsGetCurrentProcess());
    BOOLEAN Excluded = FALSE;
    PWCHAR Entry;

    ExAcquireFastMutex(&g_ExclusionLock);
    for (Entry = g_Exclusions; Entry != NULL && *Entry != L'\0'; Entry += wcslen(Entry) + 1) {
        if (RwNameMatches(Entry, Image)) {
            Excluded = TRUE;
            break;
        }
    }
    ExReleaseFastMutex(&g_ExclusionLock);
    return Excluded;
}

static NTSTATUS
RegWatchCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS NotifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PCUNICODE_STRING KeyName = NULL;
    PVOID KeyObject;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (NotifyClass) {
    case RegNtPreSetValueKey:
        KeyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        InterlockedIncrement(&g_Stats.SetValue);
        break;
    case RegNtPreDeleteValueKey:
        KeyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        InterlockedIncrement(&g_Stats.DeleteValue);
        break;
    case RegNtPreDeleteKey:
        KeyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        InterlockedIncrement(&g_Stats.DeleteKey);
        break;
    case RegNtPreRenameKey:
        KeyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        InterlockedIncrement(&g_Stats.RenameKey);
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_CallbackCookie, KeyObject, NULL, &KeyName, 0))) {
        return STATUS_SUCCESS;
    }

    if (RtlPrefixUnicodeString(&g_ServiceKey, KeyName, TRUE) && !RwIsCallerExcluded()) {
        InterlockedIncrement(&g_Stats.Blocked);
        Status = STATUS_ACCESS_DENIED;
    }

    CmCallbackReleaseKeyObjectIDEx(KeyName);
    return Status;
}

static NTSTATUS
RegWatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
RegWatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status;
    ULONG_PTR Information = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case RW_IOCTL_GET_STATS:
        if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RW_STATS)) {
            Status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Stats, sizeof(RW_STATS));
        Information = sizeof(RW_STATS);
        Status = STATUS_SUCCESS;
        break;

    case RW_IOCTL_RELOAD:
        Status = RwLoadExclusions(&g_ServiceKey);
        break;

    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID
RegWatchUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING LinkName = RTL_CONSTANT_STRING(RW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(g_CallbackCookie);

    IoDeleteSymbolicLink(&LinkName);
    IoDeleteDevice(g_DeviceObject);

    if (g_Exclusions != NULL) {
        ExFreePoolWithTag(g_Exclusions, RW_TAG);
        g_Exclusions = NULL;
    }

    KdPrint(("RegWatch: unloaded (blocked %ld)\n", g_Stats.Blocked));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING DeviceName = RTL_CONSTANT_STRING(RW_DEVICE_NAME);
    UNICODE_STRING LinkName = RTL_CONSTANT_STRING(RW_LINK_NAME);
    UNICODE_STRING Altitude = RTL_CONSTANT_STRING(RW_ALTITUDE);
    NTSTATUS Status;

    g_ServiceKey = *RegistryPath;
    ExInitializeFastMutex(&g_ExclusionLock);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegWatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegWatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegWatchDeviceControl;
    DriverObject->DriverUnload = RegWatchUnload;

    Status = IoCreateDevice(DriverObject, 0, &DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(Status)) {
        KdPrint(("RegWatch: IoCreateDevice failed 0x%08X\n", Status));
        return Status;
    }

    Status = IoCreateSymbolicLink(&LinkName, &DeviceName);
    if (!NT_SUCCESS(Status)) {
        KdPrint(("RegWatch: IoCreateSymbolicLink failed 0x%08X\n", Status));
        IoDeleteDevice(g_DeviceObject);
        return Status;
    }

    Status = CmRegisterCallbackEx(RegWatchCallback, &Altitude, DriverObject, NULL,
                                  &g_CallbackCookie, NULL);
    KdPrint(("RegWatch: CmRegisterCallbackEx -> 0x%08X\n", Status));

    Status = RwLoadExclusions(&g_ServiceKey);
    if (!NT_SUCCESS(Status)) {
        KdPrint(("RegWatch: loading exclusions failed 0x%08X\n", Status));
        CmUnRegisterCallback(g_CallbackCookie);
        IoDeleteSymbolicLink(&LinkName);
        IoDeleteDevice(g_DeviceObject);
        return Status;
    }

    KdPrint(("RegWatch: watching, service key %wZ\n", &g_ServiceKey));
    return STATUS_SUCCESS;
}
