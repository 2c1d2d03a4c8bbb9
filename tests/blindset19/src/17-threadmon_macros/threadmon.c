/*
 * threadmon.c - process/thread creation statistics
 *
 * Counts process and thread creations/exits system wide and exposes the
 * numbers on \\.\ThreadMon.  At shutdown it can print a one-line summary
 * (Parameters\ShutdownReport = 1).
 *
 * Error handling uses the CHECK_STATUS / IF_FAIL_GOTO macros from our
 * other projects.
 */
#include <ntifs.h>
#include <ntddk.h>

#define THM_TAG             'mHtT'
#define THM_DEVICE_NAME     L"\\Device\\ThreadMon"
#define THM_LINK_NAME       L"\\??\\ThreadMon"
#define IOCTL_THM_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x910, METHOD_BUFFERED, FILE_READ_ACCESS)

#define THM_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "threadmon: " fmt "\n", __VA_ARGS__)

/* return from the current function if the status is a failure */
#define CHECK_STATUS(expr)                                                  \
    do {                                                                    \
        NTSTATUS _st = (expr);                                              \
        if (!NT_SUCCESS(_st)) {                                             \
            THM_LOG("%s:%d %s -> 0x%08X", __FUNCTION__, __LINE__, #expr, _st); \
            return _st;                                                     \
        }                                                                   \
    } while (0)

/* jump to a cleanup label if the status is a failure */
#define IF_FAIL_GOTO(st, label)                                             \
    do {                                                                    \
        if (!NT_SUCCESS(st)) {                                              \
            THM_LOG("%s:%d failed 0x%08X", __FUNCTION__, __LINE__, (st));   \
            goto label;                                                     \
        }                                                                   \
    } while (0)

typedef struct _THM_STATS {
    volatile LONG ProcessCreates;
    volatile LONG ProcessExits;
    volatile LONG ThreadCreates;
    volatile LONG ThreadExits;
    volatile LONG BlockedCreates;
} THM_STATS;

typedef struct _THM_SETTINGS {
    ULONG ShutdownReport;
    ULONG MaxProcesses;         /* 0 = unlimited */
} THM_SETTINGS;

static PDEVICE_OBJECT g_ThmDevice;
static THM_STATS      g_Stats;
static THM_SETTINGS   g_Settings;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ThmUnload;
static DRIVER_DISPATCH ThmCreateClose;
static DRIVER_DISPATCH ThmDeviceControl;
static DRIVER_DISPATCH ThmShutdown;

static VOID
ThmThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);

    InterlockedIncrement(Create ? &g_Stats.ThreadCreates : &g_Stats.ThreadExits);
}

static VOID
ThmProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    LONG live;

    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);

    if (CreateInfo == NULL) {
        InterlockedIncrement(&g_Stats.ProcessExits);
        return;
    }

    live = g_Stats.ProcessCreates - g_Stats.ProcessExits;
    if (g_Settings.MaxProcesses != 0 && live >= (LONG)g_Settings.MaxProcesses) {
        CreateInfo->CreationStatus = STATUS_QUOTA_EXCEEDED;
        InterlockedIncrement(&g_Stats.BlockedCreates);
        return;
    }
    InterlockedIncrement(&g_Stats.ProcessCreates);
}

static NTSTATUS
ThmQueryDword(_In_ HANDLE Key, _In_ PCWSTR Name, _Out_ PULONG Value)
{
    UNICODE_STRING valueName;
    UCHAR buffer[FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &length);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;          /* keep the default */
    }
    CHECK_STATUS(status);
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

static NTSTATUS
ThmReadSettings(_In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING subKey = RTL_CONSTANT_STRING(L"Parameters");
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    NTSTATUS status;

    g_Settings.ShutdownReport = 0;
    g_Settings.MaxProcesses = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK_STATUS(ZwOpenKey(&serviceKey, KEY_READ, &oa));

    InitializeObjectAttributes(&oa, &subKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    ZwClose(serviceKey);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;
    }
    CHECK_STATUS(status);

    status = ThmQueryDword(paramsKey, L"ShutdownReport", &g_Settings.ShutdownReport);
    if (NT_SUCCESS(status)) {
        status = ThmQueryDword(paramsKey, L"MaxProcesses", &g_Settings.MaxProcesses);
    }
    ZwClose(paramsKey);
    return status;
}

static NTSTATUS
ThmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
ThmShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (g_Settings.ShutdownReport) {
        DbgPrint("threadmon: %ld processes, %ld threads created this session\n",
                 g_Stats.ProcessCreates, g_Stats.ThreadCreates);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
ThmDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_THM_GET_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(THM_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, (PVOID)&g_Stats, sizeof(THM_STATS));
            info = sizeof(THM_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
ThmUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(THM_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    IoUnregisterShutdownNotification(g_ThmDevice);
    PsSetCreateProcessNotifyRoutineEx(ThmProcessNotify, TRUE);
    PsRemoveCreateThreadNotifyRoutine(ThmThreadNotify);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_ThmDevice);
    g_ThmDevice = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(THM_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(THM_LINK_NAME);
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ThmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ThmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ThmDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = ThmShutdown;
    DriverObject->DriverUnload = ThmUnload;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_ThmDevice);
    IF_FAIL_GOTO(status, Exit);
    g_ThmDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    IF_FAIL_GOTO(status, DeleteDevice);

    status = PsSetCreateThreadNotifyRoutine(ThmThreadNotify);
    IF_FAIL_GOTO(status, DeleteLink);

    status = ThmReadSettings(RegistryPath);
    IF_FAIL_GOTO(status, DeleteLink);

    status = PsSetCreateProcessNotifyRoutineEx(ThmProcessNotify, FALSE);
    IF_FAIL_GOTO(status, RemoveThreadNotify);

    status = IoRegisterShutdownNotification(g_ThmDevice);
    IF_FAIL_GOTO(status, RemoveProcessNotify);

    g_ThmDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    THM_LOG("loaded, MaxProcesses=%lu", g_Settings.MaxProcesses);
    return STATUS_SUCCESS;

RemoveProcessNotify:
    PsSetCreateProcessNotifyRoutineEx(ThmProcessNotify, TRUE);
RemoveThreadNotify:
    PsRemoveCreateThreadNotifyRoutine(ThmThreadNotify);
DeleteLink:
    IoDeleteSymbolicLink(&linkName);
DeleteDevice:
    IoDeleteDevice(g_ThmDevice);
    g_ThmDevice = NULL;
Exit:
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
    return status;
}
