//
// driver.cpp - DriverEntry / DriverUnload
//
#include "volcrypt.h"

using namespace volcrypt;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD VcUnload;

static void
VcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // all volumes are detached by now (REMOVE_DEVICE ran for each)
    Filter::Teardown();
    Cipher::Wipe();
    LOG("unloaded");
}

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    LOG("DriverEntry %wZ", RegistryPath);

    auto fail = [](const char* what, NTSTATUS s) -> NTSTATUS {
        LOGERR("%s failed 0x%08X", what, s);
        return s;
    };

    NTSTATUS status = Cipher::Initialize(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return fail("Cipher::Initialize", status);
    }

    status = Filter::Init(DriverObject);
    if (!NT_SUCCESS(status)) {
        Cipher::Wipe();
        return fail("Filter::Init", status);
    }

    DriverObject->DriverUnload = VcUnload;
    return STATUS_SUCCESS;
}
