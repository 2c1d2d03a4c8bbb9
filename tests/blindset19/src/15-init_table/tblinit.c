/*
 * tblinit.c - thread-creation counter with table driven init/teardown
 *
 * Each piece of global state is an INIT_STEP with a matching teardown.
 * DriverEntry walks the table forwards; on failure it rolls back the steps
 * that already succeeded, and Unload walks the whole table backwards.
 * Adding a feature = adding a row.
 */
#include <ntddk.h>

#define TI_TAG              'iTbT'
#define TI_DEVICE_NAME      L"\\Device\\TblInit"
#define TI_LINK_NAME        L"\\DosDevices\\TblInit"
#define IOCTL_TI_COUNTERS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8E0, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TI_COUNTERS {
    LONG ThreadsCreated;
    LONG ThreadsExited;
    LONG ShutdownSeen;
} TI_COUNTERS;

typedef NTSTATUS (*PFN_STEP_INIT)(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
typedef VOID (*PFN_STEP_TEARDOWN)(_In_ PDRIVER_OBJECT DriverObject);

typedef struct _INIT_STEP {
    PCSTR             Name;
    PFN_STEP_INIT     Init;
    PFN_STEP_TEARDOWN Teardown;
} INIT_STEP;

static PDEVICE_OBJECT g_Device;
static BOOLEAN        g_LinkCreated;
static BOOLEAN        g_ThreadNotify;
static BOOLEAN        g_ShutdownRegistered;
static UNICODE_STRING g_ServiceKey;
static ULONG          g_Verbose;
static TI_COUNTERS    g_Counters;
static int            g_StepsDone;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TiUnload;
static DRIVER_DISPATCH TiCreateClose;
static DRIVER_DISPATCH TiDeviceControl;
static DRIVER_DISPATCH TiShutdown;

/* ---- callbacks ------------------------------------------------------- */

static VOID
TiThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create)
{
    if (Create) {
        InterlockedIncrement(&g_Counters.ThreadsCreated);
    } else {
        InterlockedIncrement(&g_Counters.ThreadsExited);
    }
    if (g_Verbose) {
        DbgPrint("tblinit: thread %p in %p %s\n", ThreadId, ProcessId, Create ? "created" : "exited");
    }
}

/* ---- steps ----------------------------------------------------------- */

static NTSTATUS
StepCreateDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(TI_DEVICE_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        g_Device = NULL;
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;
    return STATUS_SUCCESS;
}

static VOID
StepDeleteDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Device != NULL) {
        IoDeleteDevice(g_Device);
        g_Device = NULL;
    }
}

static NTSTATUS
StepCreateLink(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(TI_LINK_NAME);
    UNICODE_STRING name = RTL_CONSTANT_STRING(TI_DEVICE_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateSymbolicLink(&link, &name);
    g_LinkCreated = NT_SUCCESS(status);
    return status;
}

static VOID
StepDeleteLink(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(TI_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_LinkCreated = FALSE;
    }
}

static NTSTATUS
StepLoadConfig(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG defaultVerbose = 0;

    UNREFERENCED_PARAMETER(DriverObject);

    g_ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length + sizeof(WCHAR), TI_TAG);
    if (g_ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_ServiceKey.Length = 0;
    g_ServiceKey.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    RtlCopyUnicodeString(&g_ServiceKey, RegistryPath);

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"Verbose";
    table[0].EntryContext = &g_Verbose;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultVerbose;
    table[0].DefaultLength = sizeof(ULONG);

    /* a missing value is fine, the default applies */
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                           g_ServiceKey.Buffer, table, NULL, NULL);
    return STATUS_SUCCESS;
}

static VOID
StepFreeConfig(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(g_ServiceKey.Buffer, TI_TAG);
        RtlZeroMemory(&g_ServiceKey, sizeof(g_ServiceKey));
    }
}

static NTSTATUS
StepRegisterThreadNotify(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    status = PsSetCreateThreadNotifyRoutine(TiThreadNotify);
    g_ThreadNotify = NT_SUCCESS(status);
    return status;
}

static VOID
StepUnregisterThreadNotify(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ThreadNotify) {
        PsRemoveCreateThreadNotifyRoutine(TiThreadNotify);
        g_ThreadNotify = FALSE;
    }
}

static NTSTATUS
StepRegisterShutdown(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoRegisterShutdownNotification(g_Device);
    g_ShutdownRegistered = NT_SUCCESS(status);
    return status;
}

static VOID
StepUnregisterShutdown(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ShutdownRegistered) {
        IoUnregisterShutdownNotification(g_Device);
        g_ShutdownRegistered = FALSE;
    }
}

static const INIT_STEP g_Steps[] = {
    { "device",        StepCreateDevice,         StepDeleteDevice },
    { "symlink",       StepCreateLink,           StepDeleteLink },
    { "config",        StepLoadConfig,           StepFreeConfig },
    { "thread notify", StepRegisterThreadNotify, StepUnregisterThreadNotify },
    { "shutdown",      StepRegisterShutdown,     StepUnregisterShutdown },
};

#define TI_STEP_COUNT ((int)RTL_NUMBER_OF(g_Steps))

/* ---- dispatch -------------------------------------------------------- */

static NTSTATUS
TiCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
TiShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    InterlockedIncrement(&g_Counters.ShutdownSeen);
    DbgPrint("tblinit: shutdown, %ld threads created this boot\n", g_Counters.ThreadsCreated);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
TiDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_TI_COUNTERS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TI_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Counters, sizeof(TI_COUNTERS));
            info = sizeof(TI_COUNTERS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/* ---- entry / exit ---------------------------------------------------- */

static VOID
TiUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    int i;

    for (i = g_StepsDone - 1; i >= 0; i--) {
        g_Steps[i].Teardown(DriverObject);
    }
    g_StepsDone = 0;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    int i, j;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TiCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TiCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TiDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = TiShutdown;
    DriverObject->DriverUnload = TiUnload;

    for (i = 0; i < TI_STEP_COUNT; i++) {
        status = g_Steps[i].Init(DriverObject, RegistryPath);
        if (!NT_SUCCESS(status)) {
            DbgPrint("tblinit: step '%s' failed 0x%08X, rolling back\n", g_Steps[i].Name, status);
            for (j = i - 1; j > 0; j--) {
                g_Steps[j].Teardown(DriverObject);
            }
            DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
            return status;
        }
    }
    g_StepsDone = i;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
