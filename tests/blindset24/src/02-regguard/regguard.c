// regguard.c
//
// Small registry protection driver: denies value writes / deletes under
// a protected key unless the caller is on the allow list, and runs a one
// second watchdog (timer + DPC) that reports bursts of blocked writes,
// which usually means some malware is hammering our Run key.
//
// Build: WDK, KMDF not needed.  sc create regguard type= kernel binPath= ...

#include <ntddk.h>

#define RG_TAG              'gRgR'
#define RG_ALTITUDE         L"385210"
#define RG_PROTECTED_PREFIX L"\\REGISTRY\\MACHINE\\SOFTWARE\\RegGuard"
#define RG_BURST_THRESHOLD  50

typedef struct _RG_STATS {
    volatile LONG BlockedThisTick;
    volatile LONG BlockedTotal;
    volatile LONG AllowedTotal;
    volatile LONG Ticks;
} RG_STATS;

static LARGE_INTEGER   g_CmCookie;
static KTIMER          g_WatchdogTimer;
static KDPC            g_WatchdogDpc;
static volatile LONG   g_StopWatchdog;
static RG_STATS        g_Stats;
static PDEVICE_OBJECT  g_Device;
static UNICODE_STRING  g_ProtectedPrefix;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RgUnload;
KDEFERRED_ROUTINE RgWatchdogDpc;
EX_CALLBACK_FUNCTION RgRegistryCallback;

// ---------------------------------------------------------------------------
// watchdog

VOID
RgWatchdogDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    LONG blocked;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (InterlockedCompareExchange(&g_StopWatchdog, 0, 0) != 0) {
        // shutting down, don't report anything anymore
        return;
    }

    InterlockedIncrement(&g_Stats.Ticks);
    blocked = InterlockedExchange(&g_Stats.BlockedThisTick, 0);

    if (blocked >= RG_BURST_THRESHOLD) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                   "regguard: burst of %ld blocked writes in the last second (total %ld)\n",
                   blocked, g_Stats.BlockedTotal);
    }
}

static VOID
RgStartWatchdog(VOID)
{
    LARGE_INTEGER due;

    g_StopWatchdog = 0;
    KeInitializeTimerEx(&g_WatchdogTimer, NotificationTimer);
    KeInitializeDpc(&g_WatchdogDpc, RgWatchdogDpc, NULL);

    due.QuadPart = -10LL * 1000 * 1000;     // 1s relative
    KeSetTimerEx(&g_WatchdogTimer, due, 1000, &g_WatchdogDpc);
}

static VOID
RgStopWatchdog(VOID)
{
    // the DPC checks this flag on every tick and bails out
    InterlockedExchange(&g_StopWatchdog, 1);
}

// ---------------------------------------------------------------------------
// registry callback

static BOOLEAN
RgIsProtectedKey(
    _In_ PVOID KeyObject
    )
{
    NTSTATUS status;
    PCUNICODE_STRING keyName = NULL;
    BOOLEAN result = FALSE;

    status = CmCallbackGetKeyObjectIDEx(&g_CmCookie, KeyObject, NULL, &keyName, 0);
    if (!NT_SUCCESS(status) || keyName == NULL) {
        return FALSE;
    }

    if (RtlPrefixUnicodeString(&g_ProtectedPrefix, keyName, TRUE)) {
        result = TRUE;
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return result;
}

static BOOLEAN
RgCallerIsTrusted(VOID)
{
    // SYSTEM and kernel-mode callers are allowed; everyone else is blocked.
    if (ExGetPreviousMode() == KernelMode) {
        return TRUE;
    }
    return (PsGetCurrentProcessId() == (HANDLE)4);
}

NTSTATUS
RgRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID keyObject = NULL;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        keyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        keyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreRenameKey:
        keyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (keyObject == NULL || !RgIsProtectedKey(keyObject)) {
        return STATUS_SUCCESS;
    }

    if (RgCallerIsTrusted()) {
        InterlockedIncrement(&g_Stats.AllowedTotal);
        return STATUS_SUCCESS;
    }

    InterlockedIncrement(&g_Stats.BlockedThisTick);
    InterlockedIncrement(&g_Stats.BlockedTotal);
    return STATUS_ACCESS_DENIED;
}

// ---------------------------------------------------------------------------
// dispatch / unload / entry

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS
RgCreateClose(
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

VOID
RgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    RgStopWatchdog();

    CmUnRegisterCallback(g_CmCookie);

    if (g_Device != NULL) {
        IoDeleteDevice(g_Device);
        g_Device = NULL;
    }

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "regguard: unloaded, blocked=%ld allowed=%ld ticks=%ld\n",
               g_Stats.BlockedTotal, g_Stats.AllowedTotal, g_Stats.Ticks);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING altitude;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Stats, sizeof(g_Stats));
    RtlInitUnicodeString(&g_ProtectedPrefix, RG_PROTECTED_PREFIX);

    RtlInitUnicodeString(&devName, L"\\Device\\RegGuard");
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RgCreateClose;
    DriverObject->DriverUnload = RgUnload;

    RtlInitUnicodeString(&altitude, RG_ALTITUDE);
    status = CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "regguard: CmRegisterCallbackEx failed 0x%08X, running in watch-only mode\n",
                   status);
    }

    RgStartWatchdog();

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regguard: loaded\n");
    return STATUS_SUCCESS;
}
