/*
 * regaudit.c - a registry callback that counts value writes while the
 * driver's state says it is collecting. The callback checks the state
 * before it touches anything (`State != AUDIT_COLLECTING`) and checks
 * that its context is the driver's own block (`Context != (PVOID)&g_Audit`);
 * but the lock it takes is initialized only after the registration.
 */

#include <ntddk.h>

#define AUDIT_STOPPED 0
#define AUDIT_COLLECTING 2

typedef struct _AUDIT_STATE {
    volatile LONG State;
    LARGE_INTEGER Cookie;
    KSPIN_LOCK Lock;
    LIST_ENTRY Writers;
    volatile LONG Writes;
} AUDIT_STATE;

static AUDIT_STATE g_Audit;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AuditUnload;
EX_CALLBACK_FUNCTION AuditRegistryCallback;

NTSTATUS
AuditRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    KIRQL irql;

    UNREFERENCED_PARAMETER(Argument2);
    if (CallbackContext != (PVOID)&g_Audit || g_Audit.State != AUDIT_COLLECTING) {
        return STATUS_SUCCESS;
    }
    if ((REG_NOTIFY_CLASS)(ULONG_PTR)Argument1 == RegNtPreSetValueKey) {
        KeAcquireSpinLock(&g_Audit.Lock, &irql);
        InterlockedIncrement(&g_Audit.Writes);
        KeReleaseSpinLock(&g_Audit.Lock, irql);
    }
    return STATUS_SUCCESS;
}

VOID
AuditUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    InterlockedExchange(&g_Audit.State, AUDIT_STOPPED);
    CmUnRegisterCallback(g_Audit.Cookie);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"380010");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_Audit.Writers);

    status = CmRegisterCallbackEx(AuditRegistryCallback, &altitude, DriverObject, &g_Audit, &g_Audit.Cookie, NULL); // expect: DE014
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeInitializeSpinLock(&g_Audit.Lock);

    InterlockedExchange(&g_Audit.State, AUDIT_COLLECTING);
    DriverObject->DriverUnload = AuditUnload;
    return STATUS_SUCCESS;
}
