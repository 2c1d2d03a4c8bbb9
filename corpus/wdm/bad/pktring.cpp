//
// pktring.cpp - legacy capture driver: a kernel component fills a packet ring
// that a user-mode service maps and drains. The ring and its scratch buffer
// are owned by one global object whose methods acquire and release them.
//
// BUG (DE006): when the process-notify registration fails, DriverEntry
// returns without g_Ring.Release(): the 256 KB ring stays allocated after
// the driver is unloaded. (The earlier failure paths do release it.)
//

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

constexpr ULONG PktRingTag = 'gRkP';
constexpr SIZE_T PktRingBytes = 256 * 1024;

class PacketRing {
public:
    NTSTATUS Allocate()
    {
        m_Ring = ExAllocatePoolWithTag(NonPagedPoolNx, PktRingBytes, PktRingTag);
        return m_Ring ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    }

    void Release()
    {
        if (this->m_Ring != nullptr) {
            ExFreePoolWithTag(this->m_Ring, PktRingTag);
            this->m_Ring = nullptr;
        }
    }

private:
    PVOID m_Ring;
};

PacketRing g_Ring;

DRIVER_UNLOAD PktRingUnload;

void PktRingProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

void PktRingUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutine(PktRingProcessNotify, TRUE);
    g_Ring.Release();
}

} // namespace

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_Ring.Allocate();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(PktRingProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }

    DriverObject->DriverUnload = PktRingUnload;
    return STATUS_SUCCESS;
}
