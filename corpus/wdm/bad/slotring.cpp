/*
 * slotring.cpp (violating) - the twin of ../slotring.cpp whose unload
 * routine frees the ring first: until ExUnregisterCallback returns, the
 * callback may still write through &s_Slots[s_Next % SR_SLOTS] into freed
 * pool.
 * Expected: DE022, at the call of SlotRing::Free.
 */

#include <ntddk.h>

#define SR_TAG   'gRrS'
#define SR_SLOTS 64

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SrUnload;

class SlotRing {
public:
    static NTSTATUS Allocate();
    static VOID Free();
    static VOID Record(ULONG_PTR Event);
private:
    static PULONG_PTR s_Slots;
    static ULONG s_Next;
};

class PowerTap {
public:
    static NTSTATUS Register();
    static VOID Unregister();
private:
    static CALLBACK_FUNCTION OnPower;
    static PCALLBACK_OBJECT s_Object;
    static PVOID s_Handle;
};

PULONG_PTR SlotRing::s_Slots;
ULONG SlotRing::s_Next;
PCALLBACK_OBJECT PowerTap::s_Object;
PVOID PowerTap::s_Handle;

NTSTATUS SlotRing::Allocate()
{
    s_Slots = static_cast<PULONG_PTR>(ExAllocatePoolZero(NonPagedPoolNx, SR_SLOTS * sizeof(ULONG_PTR), SR_TAG));
    return s_Slots != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

VOID SlotRing::Free()
{
    ExFreePoolWithTag(s_Slots, SR_TAG);
}

VOID SlotRing::Record(ULONG_PTR Event)
{
    PULONG_PTR slot = &s_Slots[s_Next % SR_SLOTS];
    *slot = Event;
    s_Next++;
}

VOID PowerTap::OnPower(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument2);
    SlotRing::Record(reinterpret_cast<ULONG_PTR>(Argument1));
}

NTSTATUS PowerTap::Register()
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = ExCreateCallback(&s_Object, &attributes, FALSE, TRUE);
    if (!NT_SUCCESS(status))
        return status;
    s_Handle = ExRegisterCallback(s_Object, OnPower, nullptr);
    if (s_Handle == nullptr) {
        ObDereferenceObject(s_Object);
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

VOID PowerTap::Unregister()
{
    ExUnregisterCallback(s_Handle);
    ObDereferenceObject(s_Object);
}

VOID
SrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    SlotRing::Free();                                   // expect: DE022
    PowerTap::Unregister();
}

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = SlotRing::Allocate();
    if (!NT_SUCCESS(status))
        return status;
    status = PowerTap::Register();
    if (!NT_SUCCESS(status)) {
        SlotRing::Free();
        return status;
    }
    DriverObject->DriverUnload = SrUnload;
    return STATUS_SUCCESS;
}
