// driver.cpp - NotifyCount entry and unload
//
// No device, no IOCTLs: counters are printed when the driver unloads.
// Image and object callbacks are extras; without them the driver still
// loads (object callbacks need a /INTEGRITYCHECK image, for one).
#include "Notify.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD NotifyUnload;

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    using namespace nu;
    UNREFERENCED_PARAMETER(RegistryPath);

    // declared in registration order: on an early return the destructors
    // run in reverse and take back whatever is armed
    Registration<Reg::Process>  process;
    Registration<Reg::Thread>   thread;
    Registration<Reg::Image>    image;
    Registration<Reg::Registry> registry;
    Registration<Reg::Object>   object;

    g_Active = 0;

    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(&OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("notifycount: process notify 0x%08X\n", status));
        return status;
    }
    process.Arm();

    status = PsSetCreateThreadNotifyRoutine(&OnThread);
    if (!NT_SUCCESS(status)) {
        KdPrint(("notifycount: thread notify 0x%08X\n", status));
        return status;
    }
    thread.Arm();

    if (NT_SUCCESS(PsSetLoadImageNotifyRoutine(&OnImage))) {
        image.Arm();
    } else {
        KdPrint(("notifycount: no image notifications, continuing\n"));
    }

    status = CmRegisterCallbackEx(&OnRegistry, RegistryAltitude(), DriverObject,
                                  const_cast<LONG64*>(&g_Hits[Index(Reg::Registry)]),
                                  &g_Slots[Index(Reg::Registry)].Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KdPrint(("notifycount: registry callback 0x%08X\n", status));
        return status;
    }
    registry.Arm();

    NTSTATUS optional = RegisterObjectCallbacks();
    if (NT_SUCCESS(optional)) {
        object.Arm();
    } else {
        KdPrint(("notifycount: no object callbacks (0x%08X), continuing\n", optional));
    }

    DriverObject->DriverUnload = NotifyUnload;

    // from here on the unload routine owns them
    object.Release();
    registry.Release();
    image.Release();
    thread.Release();
    process.Release();

    KdPrint(("notifycount: active mask 0x%02X\n", g_Active));
    return STATUS_SUCCESS;
}

static void NotifyUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    using namespace nu;
    UNREFERENCED_PARAMETER(DriverObject);

    Cleanup(g_Active);
    g_Active = 0;

    KdPrint(("notifycount: process %lld thread %lld image %lld registry %lld object %lld\n",
             g_Hits[Index(Reg::Process)], g_Hits[Index(Reg::Thread)], g_Hits[Index(Reg::Image)],
             g_Hits[Index(Reg::Registry)], g_Hits[Index(Reg::Object)]));
}
