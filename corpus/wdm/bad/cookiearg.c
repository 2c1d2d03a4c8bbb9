/*
 * cookiearg.c - a registry monitor whose registering helper takes the
 * cookie by value: CmRegisterCallbackEx fills the helper's copy, the
 * global stays 0, and the unload routine, which unregisters only when the
 * global cookie is set, never does.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CaUnload;
EX_CALLBACK_FUNCTION CaRegistryCallback;

typedef struct _CA_GLOBALS {
    LARGE_INTEGER Cookie;
    volatile LONG Seen;
} CA_GLOBALS;

static CA_GLOBALS g_Ca;

NTSTATUS CaRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InterlockedIncrement(&g_Ca.Seen);
    return STATUS_SUCCESS;
}

static NTSTATUS CaStartFilter(PDRIVER_OBJECT DriverObject, LARGE_INTEGER Cookie)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385210");
    return CmRegisterCallbackEx(CaRegistryCallback, &altitude, DriverObject, NULL, &Cookie, NULL); // expect: DE011
}

static VOID CaPause(VOID)
{
    LARGE_INTEGER interval;
    interval.QuadPart = -10LL * 1000 * 10;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);
}

VOID CaUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_Ca.Cookie.QuadPart != 0) {
        CmUnRegisterCallback(g_Ca.Cookie);
        g_Ca.Cookie.QuadPart = 0;
    }
    CaPause();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Ca, sizeof(g_Ca));
    status = CaStartFilter(DriverObject, g_Ca.Cookie);
    if (!NT_SUCCESS(status))
        return status;
    DriverObject->DriverUnload = CaUnload;
    return STATUS_SUCCESS;
}
