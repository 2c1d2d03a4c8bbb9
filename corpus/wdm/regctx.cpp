// regctx.cpp - a registry monitor that counts value writes under one key.
// Its registry callback gets the monitor object as its context: the object
// is a global, alive for as long as the callback stays registered.

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RcUnload;
EX_CALLBACK_FUNCTION RcOnRegistry;

namespace {

struct Monitor {
    LARGE_INTEGER Cookie;
    volatile LONG Writes;
};

Monitor g_Monitor;
UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(L"380123");

} // namespace

NTSTATUS RcOnRegistry(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Argument2);
    auto monitor = static_cast<Monitor*>(CallbackContext);
    if ((REG_NOTIFY_CLASS)(ULONG_PTR)Argument1 == RegNtPreSetValueKey) {
        InterlockedIncrement(&monitor->Writes);
    }
    return STATUS_SUCCESS;
}

VOID RcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(g_Monitor.Cookie);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = RcUnload;
    return CmRegisterCallbackEx(RcOnRegistry, &g_Altitude, DriverObject, &g_Monitor, &g_Monitor.Cookie, nullptr);
}
