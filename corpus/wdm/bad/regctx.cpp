// regctx.cpp - a registry monitor that counts value writes, in the version
// that keeps the monitor object on DriverEntry's stack.
//
// BUG (DE015): the registry callback's context is a local object of
// DriverEntry; the configuration manager passes it to every call of the
// callback after DriverEntry has returned and its frame is gone.

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RcUnload;
EX_CALLBACK_FUNCTION RcOnRegistry;

namespace {

struct Monitor {
    LARGE_INTEGER Cookie;
    volatile LONG Writes;
};

Monitor* g_Monitor;
LARGE_INTEGER g_Cookie;
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
    CmUnRegisterCallback(g_Cookie);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = RcUnload;
    Monitor monitor = {};
    NTSTATUS status = CmRegisterCallbackEx(RcOnRegistry, &g_Altitude, DriverObject, &monitor, &g_Cookie, nullptr); // expect: DE015
    if (NT_SUCCESS(status)) {
        g_Monitor = &monitor;
    }
    return status;
}
